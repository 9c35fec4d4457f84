"""`ask`: answer a question about who did what to whom, with the evidence for and against.

The question is parsed into (actor, relation, recipient, time window):
- Arabic: by the analysis pipeline itself (its entities give the sides, its event trigger the
  relation), with two question patterns on top: "هل تلقى X دعماً أميركياً" (X receives: X is the
  recipient) and "من يدعم X" (any actor).
- English: a small table of relation words (kb/data/ask/questions.yaml), English names of stored
  entities, English country names and adjectives of nationality, months and years.
Evidence:
- for: asserted events of the relation between the sides (not negated, not attributed, not hedged);
- against: negated events of the relation (denials), and contrary events by the actor in articles
  that name the recipient (calls on all parties, accusations, rejections...), and the actor's
  quotes there that argue against the military course ("لا يوجد حل عسكري");
- claims: events of the relation only reported in someone else's words (attributed), or hedged.
When nothing is found, sentences are searched by meaning (multilingual embeddings) and the answer
says so in "fallback".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select

from ..store import schema as S
from ..text.normalize import fold
from .events import E, _as_until, fetch_events, side_condition, sides_first
from .resolve import STATE_KINDS, Side, arabic_country_names, country_names, question_vocab, resolve, side_from_entity

ARABIC = re.compile(r"[\u0600-\u06FF]")
_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف")
MAX_ITEMS = 50


@dataclass
class Parsed:
    lang: str
    relation: str | None = None
    actor: Side | None = None
    recipient: Side | None = None
    since: date | None = None
    until: date | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"actor": self.actor.label if self.actor else None, "relation": self.relation,
                "recipient": self.recipient.label if self.recipient else None,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None, "lang": self.lang}


def detect_lang(text: str) -> str:
    return "ar" if ARABIC.search(text or "") else "en"


def _strip(tok: str) -> list[str]:
    out = [tok]
    for p in _PROCLITICS:
        if tok.startswith(p) and len(tok) - len(p) >= 2:
            out.append(tok[len(p):])
    return out


class Asker:
    def __init__(self, store):
        self.store = store
        self.vocab = question_vocab()
        v = self.vocab
        self.rel_en = {w: t for t, words in v["relations_en"].items() for w in words}
        self.receive_en = set(v["receive_en"])
        self.receive_ar = {fold(w) for w in v["receive_ar"]}
        self.who_en = set(v["who_en"])
        self.who_ar = {fold(w) for w in v["who_ar"]}
        self.months_en = {m: i + 1 for i, m in enumerate(v["months_en"])}
        self.months_ar = {fold(n): i + 1 for i, names in enumerate(v["months_ar"]) for n in names}
        self._lex: dict[str, str] | None = None

    # -- parsing ---------------------------------------------------------------------------
    def parse(self, conn, question: str, lang: str | None = None) -> Parsed:
        lang = lang or detect_lang(question)
        p = self._parse_ar(conn, question) if lang == "ar" else self._parse_en(conn, question)
        return p

    def _parse_ar(self, conn, q: str) -> Parsed:
        p = Parsed(lang="ar")
        analysis = self.store.pipeline.analyze_text(q)
        words = [(m.start(), fold(m.group())) for m in re.finditer(r"\w+", q)]
        tokens = [w for _pos, w in words]
        receive = any(t in self.receive_ar for tok in tokens for t in _strip(tok))
        who = bool(tokens) and tokens[0] in self.who_ar
        evs = analysis.get("events") or []
        ev = evs[0] if evs else None
        trigger = None
        if ev:
            p.relation = ev.get("event")
            trigger = (ev.get("trigger") or {}).get("start")
        if p.relation is None:
            p.relation, trigger = self._lexicon_relation(words)
        parties = self._parties(analysis, words)
        if ev and (ev.get("actor") or ev.get("recipient")) and not receive and not who:
            actors, recipients = list(ev.get("actor") or []), list(ev.get("recipient") or [])
        else:
            ordered = [e for _pos, e in parties]
            actors, recipients = [], []
            if receive:
                # "هل تلقى حفتر دعماً أميركياً": the subject receives, the other party gives
                people = [e for e in ordered if not _is_state(e)] or ordered
                recipients = people[:1]
                actors = [e for e in ordered if e not in recipients][:1]
            elif who:
                after = [e for pos, e in parties if trigger is None or pos > trigger]
                recipients = (after or ordered)[:1]
            else:
                actors, recipients = ordered[:1], ordered[1:2]
        p.actor = self._side(conn, actors)
        p.recipient = self._side(conn, recipients)
        p.since, p.until = self._window_ar(analysis, tokens)
        return p

    def _parties(self, analysis: dict, words: list[tuple[int, str]]) -> list[tuple[int, dict]]:
        """Entities, places and country names/nisbas of the question, in text order."""
        parties: list[tuple[int, dict]] = []
        for e in analysis.get("entities") or []:
            pos = min((m["start"] for m in e.get("mentions") or []), default=0)
            parties.append((pos, e))
        for pl in analysis.get("places") or []:
            pos = min((m["start"] for m in pl.get("mentions") or []), default=0)
            if all(abs(pos - p0) > 1 for p0, _e in parties):
                parties.append((pos, {"id": None, "name": pl.get("name"), "code": None,
                                      "entity_text": pl.get("name"), "place": True}))
        codes = {e.get("code") for _p, e in parties if _is_state(e)}
        cn = country_names()
        for pos, tok in words:
            for v in _strip(tok):
                cands = [v, v[:-1]] if v.endswith("ا") and len(v) > 4 else [v]   # tanween: أميركياً
                code = next((cn[c] for c in cands if c in cn), None)
                if code and code not in codes and all(abs(pos - p0) > 1 for p0, _e in parties):
                    codes.add(code)
                    parties.append((pos, {"id": f"country.{code.lower()}", "name": code, "code": code,
                                          "entity_text": tok, "kind": "state"}))
                    break
        parties.sort(key=lambda pe: pe[0])
        return parties

    def _side(self, conn, ents: list[dict]) -> Side | None:
        if not ents:
            return None
        side = Side()
        labels = []
        for e in ents:
            if e.get("place"):
                side.merge(resolve(conn, e.get("name") or "", places=True))
            else:
                side.merge(side_from_entity(conn, e))
            is_state = e.get("kind") in STATE_KINDS or (e.get("id") or "").startswith("country.")
            labels.append(e.get("code") if is_state and e.get("code") else e.get("name") or e.get("entity_text"))
        side.label = "، ".join(x for x in labels if x)
        return None if side.empty() else side

    def _lexicon_relation(self, words: list[tuple[int, str]]) -> tuple[str | None, int | None]:
        if self._lex is None:
            self._lex = {}
            try:
                from ..kb import load_kb

                for entry in load_kb().lexicon:
                    for w in entry.verbs + entry.nouns + entry.participles:
                        self._lex.setdefault(fold(w), entry.type)
            except Exception:
                pass
        for pos, tok in words:
            for t in _strip(tok):
                if t in self._lex:
                    return self._lex[t], pos
        return None, None

    def _window_ar(self, analysis: dict, tokens: list[str]) -> tuple[date | None, date | None]:
        for d in analysis.get("dates") or []:
            if d.get("grain") in ("month", "year") and d.get("value"):
                v = d["value"]
                if d["grain"] == "year":
                    return date(int(v[:4]), 1, 1), date(int(v[:4]), 12, 31)
                return date.fromisoformat(v[:7] + "-01"), _as_until(v[:7])
        text = " ".join(tokens)
        years = re.findall(r"\b(19\d\d|20\d\d)\b", text)
        if not years:
            return None, None
        year = years[0]
        for name, month in sorted(self.months_ar.items(), key=lambda kv: -len(kv[0])):
            if re.search(rf"(?:^|\s)\w?{re.escape(name)}\s+(?:\w+\s+)?{year}", text):
                return date(int(year), month, 1), _as_until(f"{year}-{month:02d}")
        return date(int(year), 1, 1), date(int(year), 12, 31)

    _EN_STOP = {"did", "does", "do", "is", "was", "were", "are", "has", "have", "had", "the", "a", "an",
                "of", "to", "from", "by", "in", "on", "at", "for", "with", "any", "and", "or", "it",
                "its", "their", "his", "her", "since", "before", "after", "until", "during", "ever",
                "who", "which", "whom", "what", "when", "where", "why", "how", "there", "been", "be",
                "against", "between"}

    def _parse_en(self, conn, q: str) -> Parsed:
        p = Parsed(lang="en")
        toks = re.findall(r"[A-Za-z][A-Za-z.'\-]*[A-Za-z]|[A-Za-z]|\d{4}", q)
        low = [t.lower().rstrip(".") if t.lower() not in ("u.s.",) else t.lower() for t in toks]
        rel_pos = None
        for i, t in enumerate(low):
            if t in self.rel_en and p.relation is None:
                p.relation, rel_pos = self.rel_en[t], i
        who = any(t in self.who_en for t in low[:2])
        receive_pos = next((i for i, t in enumerate(low) if t in self.receive_en), None)
        by_pos = next((i for i, t in enumerate(low) if t == "by" and rel_pos is not None and i > rel_pos), None)
        # time window
        p.since, p.until, used = self._window_en(low)
        # sides: longest known names, left to right
        sides: list[tuple[int, Side]] = []
        i = 0
        skip = set(self.rel_en) | self.receive_en | self._EN_STOP | set(self.months_en) | used
        while i < len(low):
            if low[i] in skip or low[i].isdigit():
                i += 1
                continue
            found = None
            for n in (4, 3, 2, 1):
                words = low[i:i + n]
                if len(words) < n or any(w in skip for w in words[1:]):
                    continue
                side = self._resolve_en(conn, " ".join(toks[i:i + n]))
                if side is not None:
                    found = (n, side)
                    break
            if found:
                sides.append((i, found[1]))
                i += found[0]
            else:
                i += 1
        pivot = receive_pos if receive_pos is not None else rel_pos
        before = [s for pos, s in sides if pivot is None or pos < pivot]
        after = [s for pos, s in sides if pivot is not None and pos > pivot]
        if who:
            p.actor, p.recipient = None, (after or before or [None])[0]
        elif receive_pos is not None:
            p.recipient = before[0] if before else None
            p.actor = after[0] if after else None
        elif by_pos is not None:
            p.recipient = before[0] if before else None
            p.actor = next((s for pos, s in sides if pos > by_pos), None)
        else:
            p.actor = before[0] if before else None
            p.recipient = after[0] if after else None
        return p

    def _resolve_en(self, conn, text: str) -> Side | None:
        cands = [text]
        low = text.lower()
        if low.endswith("s") and len(low) > 4:
            cands.append(text[:-1])                      # Houthis -> Houthi
        if low.endswith("'s"):
            cands.append(text[:-2])
        for c in cands:
            side = resolve(conn, c, places=True)
            if not side.empty():
                side.label = _label(conn, side, c)
                return side
        return None

    def _window_en(self, low: list[str]) -> tuple[date | None, date | None, set[str]]:
        used: set[str] = set()
        since = until = None
        for i, t in enumerate(low):
            if re.fullmatch(r"(19|20)\d\d", t):
                year = int(t)
                month = self.months_en.get(low[i - 1]) if i else None
                lo = date(year, month or 1, 1)
                hi = _as_until(f"{year}-{month:02d}") if month else date(year, 12, 31)
                prev = low[i - 2] if month and i >= 2 else low[i - 1] if i else ""
                if prev in ("since", "after", "from"):
                    since = lo
                elif prev in ("before", "until"):
                    until = lo if prev == "before" else hi
                else:
                    since, until = lo, hi
                used.add(t)
                if month:
                    used.add(low[i - 1])
        return since, until, used

    # -- evidence --------------------------------------------------------------------------
    def ask(self, question: str, lang: str | None = None) -> dict:
        with self.store.engine.connect() as conn:
            p = self.parse(conn, question, lang)
            result = self._evidence(conn, p)
            result = {"question": question, "parsed": p.as_dict(), **result}
            if not (result["for"] or result["against"] or result["claims"]):
                result["fallback"] = "semantic"
                result["related"] = self._semantic(conn, question, p)
            result["verdict"] = self._verdict(p, result)
        order = ["question", "parsed", "verdict", "for", "against", "claims", "fallback", "related"]
        return {k: result[k] for k in order if k in result}

    def _window(self, p: Parsed) -> list:
        conds = []
        if p.since:
            conds.append(E.c.day >= p.since)
        if p.until:
            conds.append(E.c.day <= p.until)
        return conds

    def _evidence(self, conn, p: Parsed) -> dict:
        out: dict[str, Any] = {"for": [], "against": [], "claims": [], "fallback": None}
        if p.relation is None and p.actor is None and p.recipient is None:
            return out
        sides = [(side, role) for side, role in ((p.actor, "actor"), (p.recipient, "recipient")) if side]
        conds = sides_first(conn, sides) + self._window(p)
        if p.relation:
            conds.append(E.c.type == p.relation)
        seen: set = set()
        for ev in fetch_events(conn, conds, limit=MAX_ITEMS * 4):
            if ev["negated"]:
                bucket = "against"
            elif ev["attributed_to"] or ev["hedged"]:
                bucket = "claims"
            else:
                bucket = "for"
            self._add(out[bucket], ev, seen, p.lang)
        if p.actor and p.recipient and p.relation:
            self._contrary(conn, p, out, seen)
        for k in ("for", "against", "claims"):
            out[k].sort(key=lambda it: (it["date"] or "", it["article_id"]))
            del out[k][MAX_ITEMS:]
        return out

    def _articles_naming(self, side: Side):
        """Subquery: ids of articles that mention the side."""
        parts = []
        m, ent = S.mentions, S.entities
        if side.entity_ids:
            parts.append(select(m.c.article_id).where(m.c.entity_id.in_(sorted(side.entity_ids))))
        if side.codes:
            parts.append(select(m.c.article_id).join(ent, ent.c.id == m.c.entity_id)
                         .where(ent.c.code.in_(sorted(side.codes))))
        if side.place_ids:
            parts.append(select(S.place_mentions.c.article_id)
                         .where(S.place_mentions.c.place_id.in_(sorted(side.place_ids))))
        return parts

    def _contrary(self, conn, p: Parsed, out: dict, seen: set) -> None:
        """Contrary events and statements of the actor: towards the recipient anywhere; towards
        nobody named or the recipient's country (calls on all parties) in the articles that
        report the asked relation."""
        types = self.vocab.get("contrary", {}).get(p.relation) or []
        context = sorted({it["article_id"] for k in ("for", "against", "claims") for it in out[k]})
        r_codes = set(p.recipient.codes)
        if p.recipient.entity_ids:
            r_codes |= set(conn.execute(select(S.entities.c.code).where(
                S.entities.c.id.in_(sorted(p.recipient.entity_ids)))).scalars()) - {None}
        if types:
            base = self._window(p) + [E.c.type.in_(types), E.c.negated == False]  # noqa: E712
            both = sides_first(conn, [(p.recipient, "recipient"), (p.actor, "actor")])
            found = fetch_events(conn, both + base, limit=MAX_ITEMS)
            if context:      # the article list first: it is the short one
                found += fetch_events(conn, [E.c.article_id.in_(context[:500]),
                                             side_condition(p.actor, "actor", probe=True)]
                                      + base, limit=MAX_ITEMS)
            for ev in found:
                if ev["recipient"] and not any(r["id"] in p.recipient.entity_ids or r["code"] in r_codes
                                               for r in ev["recipient"]):
                    continue
                self._add(out["against"], ev, seen, p.lang)
        phrases = [fold(x) for x in (self.vocab.get("contrary_statements_ar", {}).get(p.relation) or [])]
        if not phrases or not context:
            return
        qt, ent, art = S.quotes, S.entities, S.articles
        speaker = []
        if p.actor.entity_ids:
            speaker.append(qt.c.speaker_entity_id.in_(sorted(p.actor.entity_ids)))
        if p.actor.codes:
            speaker.append(ent.c.code.in_(sorted(p.actor.codes)))
        if not speaker:
            return
        q = (select(qt.c.id, qt.c.article_id, qt.c.text, qt.c.start, qt.c.end, qt.c.date, qt.c.speaker_text,
                    ent.c.name.label("speaker_name"), art.c.story_id, art.c.published)
             .join(ent, ent.c.id == qt.c.speaker_entity_id).join(art, art.c.id == qt.c.article_id)
             .where(and_(or_(*speaker), qt.c.article_id.in_(context[:500]))))
        if p.since:
            q = q.where(func.coalesce(qt.c.date, art.c.published) >= p.since)
        if p.until:
            q = q.where(func.coalesce(qt.c.date, art.c.published) <= p.until)
        said = {fold(it["text"] or "") for it in out["against"]}
        hits = []
        for r in conn.execute(q).mappings():
            ftext = fold(r["text"])
            if any(ph in ftext for ph in phrases) and (r["story_id"], ftext) not in seen:
                hits.append((r, ftext))
                if len(hits) >= MAX_ITEMS:
                    break
        if not hits:
            return
        texts = {row.id: row for row in conn.execute(select(art.c.id, art.c.text, art.c.title, art.c.source)
                                                     .where(art.c.id.in_({r["article_id"] for r, _f in hits})))}
        for r, ftext in hits:
            if (r["story_id"], ftext) in seen:
                continue
            _aid, text, title, source = texts[r["article_id"]]
            sentence = _sentence_around(text, r["start"], r["end"]) or r["text"]
            if fold(sentence) in said:
                continue                # the same words already stand as an event above
            seen.add((r["story_id"], ftext))
            said.add(fold(sentence))
            d = r["date"] or r["published"]
            out["against"].append({
                "date": d.isoformat() if d else None, "actor": r["speaker_name"] or r["speaker_text"],
                "event": "STATEMENT", "recipient": None, "negated": False, "hedged": False,
                "attributed_to": None, "text": sentence, "article_id": r["article_id"], "title": title,
                "source": source})

    @staticmethod
    def _add(bucket: list, ev: dict, seen: set, lang: str) -> None:
        sides = tuple(tuple(sorted(e["id"] or e["name"] or "" for e in ev[r])) for r in ("actor", "recipient"))
        key = (ev["story_id"], ev["event"], sides, ev["negated"],
               (ev["attributed_to"] or {}).get("name"), ev.get("date"))
        if key in seen:
            return          # a syndicated copy of the same report, or two triggers in one sentence
        seen.add(key)
        bucket.append(item(ev))

    # -- fallback and verdict --------------------------------------------------------------
    def _semantic(self, conn, question: str, p: Parsed) -> list[dict]:
        from .semantic import search

        extra, within = [], []
        for side in (p.actor, p.recipient):
            if side:
                extra += _arabic_names(conn, side)
        if p.recipient:                      # the sentences of the articles that name the recipient
            within = self._articles_naming(p.recipient)
        elif p.actor and (p.actor.entity_ids or p.actor.place_ids):
            within = self._articles_naming(p.actor)
        try:
            hits = search(self.store, conn, question, extra_words=extra, within=within)
        except RuntimeError as exc:          # no embedding model installed
            return [{"error": str(exc)}]
        return hits

    def _verdict(self, p: Parsed, r: dict) -> str:
        nf, na, nc = len(r["for"]), len(r["against"]), len(r["claims"])
        arts = len({it["article_id"] for k in ("for", "against", "claims") for it in r[k]})
        ar = p.lang == "ar"
        if r.get("fallback"):
            n = len([h for h in r.get("related") or [] if "error" not in h])
            if ar:
                return f"لا توجد أحداث مطابقة في قاعدة البيانات؛ بحث دلالي في الجمل: {n} جملة قريبة من السؤال."
            return f"No matching events in the database; semantic search over sentences: {n} related sentences."
        counts_ar = f"{nf} دليل مؤيد، {na} معارض أو مقيِّد، {nc} ادعاء (من {arts} مقالة)"
        counts_en = (f"{nf} item(s) of evidence for, {na} against or qualifying, {nc} claim(s) "
                     f"(from {arts} article(s))")
        if p.actor is None:
            tally: dict[str, int] = {}
            for it in r["for"]:
                tally[it["actor"] or "?"] = tally.get(it["actor"] or "?", 0) + 1
            top = sorted(tally.items(), key=lambda kv: -kv[1])[:6]
            if ar:
                who = "، ".join(f"{a} ({n})" for a, n in top) or "لا أحد بدليل مؤكد"
                return f"{who}: {counts_ar}."
            who = ", ".join(f"{a} ({n})" for a, n in top) or "nobody on firm evidence"
            return f"{who}: {counts_en}."
        if nf and not na:
            head = ("نعم" if ar else "Yes")
        elif nf and na:
            head = ("نعم، مع تحفظات" if ar else "Yes, with qualifications")
        elif nc and not na:
            head = ("غير مؤكد: ادعاءات فقط" if ar else "Unconfirmed: claims only")
        elif na:
            head = ("لا دليل مؤكد، وهناك نفي أو ما يقيّد ذلك" if ar else "No firm evidence; denials or qualifications")
        else:
            head = ("لا توجد أدلة" if ar else "No evidence")
        return f"{head}: {counts_ar if ar else counts_en}."


def _is_state(e: dict) -> bool:
    return e.get("kind") in STATE_KINDS or (e.get("id") or "").startswith("country.")


def _names(ents: list[dict]) -> str | None:
    # canonical names (the sentence shows the words of the text)
    names = [e.get("name") or e.get("entity_text") for e in ents if e]
    return "، ".join(n for n in names if n) or None


def item(ev: dict) -> dict:
    att = ev.get("attributed_to")
    return {"date": ev.get("date"), "actor": _names(ev["actor"]), "event": ev["event"],
            "recipient": _names(ev["recipient"]), "negated": ev["negated"], "hedged": ev["hedged"],
            "attributed_to": (att.get("name") or att.get("entity_text")) if att else None,
            "text": ev.get("event_text"), "article_id": ev["article_id"], "title": ev.get("title"),
            "source": ev.get("source")}


def _label(conn, side: Side, fallback: str) -> str:
    if side.codes:              # a state: matched by code
        return ", ".join(sorted(side.codes))
    if side.entity_ids:
        ent = S.entities
        names = conn.execute(select(ent.c.name).where(ent.c.id.in_(sorted(side.entity_ids))).limit(3)).scalars().all()
        if names:
            return "، ".join(dict.fromkeys(names))
    if side.place_ids:
        pl = S.places
        names = conn.execute(select(pl.c.name).where(pl.c.id.in_(sorted(side.place_ids))).limit(1)).scalars().all()
        if names:
            return names[0]
    return fallback


def _arabic_names(conn, side: Side) -> list[str]:
    out = []
    if side.entity_ids:
        out += conn.execute(select(S.entity_names.c.name_fold)
                            .where(S.entity_names.c.entity_id.in_(sorted(side.entity_ids)))).scalars().all()
    for code in sorted(side.codes):
        out += arabic_country_names(code)
    if side.place_ids:
        out += conn.execute(select(S.places.c.name_fold)
                            .where(S.places.c.id.in_(sorted(side.place_ids)))).scalars().all()
    return [n for n in out if n and not n.isascii()]


def _sentence_around(text: str | None, start: int | None, end: int | None) -> str | None:
    if not text or start is None:
        return None
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    hi_candidates = [i for i in (text.find(".", end or start), text.find("\n", end or start)) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    return text[lo:hi].strip()
