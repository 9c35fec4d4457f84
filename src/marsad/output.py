"""Doc → the `marsad analyze` output contract of DESIGN.md (plain JSON-ready dicts)."""
from __future__ import annotations

import hashlib
import re
from typing import Any

from .doc import Doc, Entity, Event, Mention
from .kb.model import QUAD
from .text.normalize import fold

# Mentions that make an entity worth listing on their own. A country named only as a location,
# a nisba adjective or a capital enters the list only when an event or quote uses it.
_LISTED_VIA = frozenset({"kb", "title", "apposition", "surname", "agent", "country", "ner", "body"})


def entity_dict(entity: Entity, text: str | None = None) -> dict[str, Any]:
    return {
        "id": entity.id, "name": entity.name, "name_en": entity.name_en, "code": entity.code,
        "sector": entity.sector, "entity_text": text if text is not None else entity.name,
        "wikidata": entity.wikidata,
    }


def mention_entity(m: Mention | None, texts: dict[int, str] | None = None) -> dict[str, Any] | None:
    if m is None:
        return None
    return entity_dict(m.entity, texts.get(id(m), m.text) if texts else m.text)


_APPOSITION_GAP = re.compile(r"[\s،,]{1,3}")


def titled_texts(doc: Doc) -> dict[int, str]:
    """A title and the name right after it, one person ("رئيس دولة جنوب السودان سلفاكير ميرديت"):
    either mention, used as an event side or a speaker, shows both, so the record names the
    person as the article wrote them, not only by office."""
    out: dict[int, str] = {}
    ms = doc.mentions
    for a, b in zip(ms, ms[1:]):
        if (a.via == "title" and b.entity.key == a.entity.key and b.start >= a.end
                and _APPOSITION_GAP.fullmatch(doc.text, a.end, b.start)):
            out[id(a)] = out[id(b)] = doc.text[a.start:b.end]
    return out


def event_id(doc: Doc, ev: Event) -> str:
    key = f"{doc.id}|{ev.trigger_start}|{ev.type}|{[a.entity.key for a in ev.actors]}|{[r.entity.key for r in ev.recipients]}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _text_order(doc: Doc) -> list[Mention]:
    """Mentions in text order, with the bodies a title names just before the title: a reader (or
    a scorer) looking for "القوات الخاصة" finds the forces before the spokesman whose title names them."""
    bodies = sorted(doc.inner_bodies, key=lambda m: m.start)
    out: list[Mention] = []
    k = 0
    for m in doc.mentions:
        while k < len(bodies) and bodies[k].start < m.end:
            out.append(bodies[k])
            k += 1
        out.append(m)
    return out + bodies[k:]


def _definite_phrases(doc: Doc) -> set[int]:
    """Agent-noun phrases made definite by an article ("الجيش الروسي"، "طيران التحالف") or by a
    place or name inside them ("محكمة استئناف طرابلس"), as opposed to indefinite groups."""
    names = [(x.start, x.end) for x in doc.mentions if not x.is_nisba and x.via not in ("agent", "agent-default")]
    names += [(p.start, p.end) for p in doc.places]
    names += [(b.start, b.end) for b in doc.inner_bodies]
    out = set()
    for m in doc.mentions:
        if m.via != "agent":
            continue
        if any(w.startswith("ال") for w in _head_words(m.text)) or any(
                m.start <= s and e <= m.end and (s, e) != (m.start, m.end) and _idafa(doc.text, m.start, s)
                for s, e in names):
            out.add(id(m))
    return out


_PREPOSITION_WORDS = frozenset({"في", "من", "على", "عن", "إلى", "الى", "لدى", "داخل", "قرب"})


def _head_words(phrase: str) -> list[str]:
    """The words of a phrase up to its first preposition: "مسلح في قضاء الحضر" → ["مسلح"]."""
    out = []
    for k, w in enumerate(phrase.split()):
        if _opens_prepositional(w, k):
            break
        out.append(w)
    return out


def _idafa(text: str, phrase_start: int, name_start: int) -> bool:
    """Whether the name at `name_start` is the genitive of the phrase's nouns ("قوات مجلس شورى
    ثوار بنغازي"), not the object of a preposition ("مسلح في قضاء الحضر"، "ضباط بالجيش")."""
    if name_start > phrase_start and text[name_start - 1] == "ب":
        return False
    return not any(_opens_prepositional(w, k) for k, w in enumerate(text[phrase_start:name_start].split()))


def _opens_prepositional(word: str, index: int) -> bool:
    """A preposition word, or a later word with ب glued to its article ("بالجيش")."""
    return word in _PREPOSITION_WORDS or (index > 0 and word.startswith("بال"))


def _unnamed_group(m: Mention, definite: set[int]) -> bool:
    if m.via in ("agent-default", "demonym"):
        return True   # (a demonym counts people of a state, "12 سوريا": the state did nothing)
    # (a title with neither a name nor a known holder, "المسؤولون الروس"، "مسؤول أميركي", is
    # anonymous)
    return m.via == "agent" and (id(m) not in definite or m.entity.sector == "CVL" or m.entity.kind == "person")


def _named_institution(m: Mention) -> bool:
    """A court, council or parliament named by its head noun and qualifiers ("المحكمة الجنائية
    المركزية"، "المجلس الانتقالي"): one body of the story's country, though no country word codes it
    (an agent noun coded only by the story is otherwise no named actor)."""
    if m.via != "agent-default" or m.entity.kind == "person" or m.entity.sector not in _INSTITUTION_SECTORS:
        return False
    words = fold(m.text).split()
    if len(words) < 2:
        return False
    # the head and its adjectives, all definite and of one gender ("الحكومة المركزية"، "المجلس
    # الانتقالي"; not "الخارجية في البرلمان" or "الحكومة بالعمال")
    feminine = words[0].endswith("ه")
    return all(w.startswith("ال") and len(w) > 3 for w in words) and all(w.endswith("ه") == feminine for w in words[1:])


_INSTITUTION_SECTORS = frozenset({"JUD", "LEG", "GOV"})


def doc_to_dict(doc: Doc) -> dict[str, Any]:
    used: set[str] = set()
    for ev in doc.events:
        # (people counted by their state, "12 سوريا", do not make the state a side)
        used.update(m.entity.key for m in ev.actors + ev.recipients if m.via != "demonym")
        if ev.attributed_to is not None:
            used.add(ev.attributed_to.entity.key)
    for q in doc.quotes:
        if q.speaker is not None:
            used.add(q.speaker.entity.key)

    texts = titled_texts(doc)
    definite = _definite_phrases(doc)
    # a side's phrase that names its actor inside ("قوات مجلس شورى ثوار بنغازي"، "عناصر في الحشد
    # العشائري") is listed as that actor, once, not again as the phrase
    inner = [(b.start, b.end) for b in doc.inner_bodies]
    carried = {id(m) for m in doc.mentions if m.via == "agent"
               and any(m.start <= s and e <= m.end for s, e in inner)}
    entities: dict[str, dict[str, Any]] = {}
    for m in _text_order(doc):
        key = m.entity.key
        institution = _named_institution(m)
        if (not institution and _unnamed_group(m, definite)) or id(m) in carried:
            # a class of people or an indefinite group ("مدنيون"، "مسؤولون روس"، "المتظاهرون"), or a
            # bare agent noun whose country is only the story's ("مصادر عسكرية"): no named actor,
            # though it may still be a side or speaker of a record
            continue
        if key not in used and m.via not in _LISTED_VIA and not institution:
            continue
        if not m.entity.code and m.entity.id is None:
            continue
        rec = entities.get(key)
        if rec is None:
            rec = entities[key] = entity_dict(m.entity, texts.get(id(m), m.text))
            rec["mentions"] = []
        rec["mentions"].append({"start": m.start, "end": m.end, "text": m.text})

    places: dict[tuple, dict[str, Any]] = {}
    for pm in doc.places:
        p = pm.place
        key = (p.name, p.country, p.geonameid)
        rec = places.get(key)
        if rec is None:
            rec = places[key] = {"name": p.name, "name_en": p.name_en, "country": p.country, "lat": p.lat,
                                 "lon": p.lon, "geonameid": p.geonameid, "mentions": []}
        rec["mentions"].append({"start": pm.start, "end": pm.end, "text": pm.text})

    events = []
    for ev in doc.events:
        def side(m: Mention, ev: Event = ev) -> dict[str, Any]:
            # an implicit side ("مهاجمون مجهولون"، "محتجون") stands on the trigger word: show its
            # name, not the verb it was read from
            on_trigger = m.via == "implicit" and (m.start, m.end) == (ev.trigger_start, ev.trigger_end)
            return entity_dict(m.entity, m.entity.name if on_trigger else texts.get(id(m), m.text))

        events.append({
            "id": event_id(doc, ev), "event": ev.type, "mode": ev.mode, "cameo": ev.cameo,
            "quad_code": QUAD.get(ev.type), "actor": [side(a) for a in ev.actors],
            "recipient": [side(r) for r in ev.recipients], "negated": ev.negated, "hedged": ev.hedged,
            "attributed_to": mention_entity(ev.attributed_to, texts), "date": ev.date, "place": ev.place,
            "text_info": {"start": ev.start, "end": ev.end}, "event_text": doc.text[ev.start:ev.end],
            "trigger": {"start": ev.trigger_start, "end": ev.trigger_end,
                        "text": doc.text[ev.trigger_start:ev.trigger_end]},
            "confidence": round(ev.confidence, 3), "rule": ev.rule,
        })

    return {
        "id": doc.id, "source_id": doc.source_id, "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "source": doc.source, "url": doc.url, "text": doc.text,
        "entities": list(entities.values()),
        "places": list(places.values()),
        "dates": [{"text": d.text, "start": d.start, "end": d.end, "value": d.value, "grain": d.grain}
                  for d in doc.dates],
        "quotes": [{"speaker": mention_entity(q.speaker, texts), "cue": q.cue, "text": q.text, "start": q.start,
                    "end": q.end, "direct": q.direct, "date": q.date} for q in doc.quotes],
        "events": events,
    }
