"""Actors: dictionary matches, titles and apposition, office holders, later mentions by surname.

Two passes around the place finder:
1. `ActorMatcher` finds every knowledge-base phrase in one Aho-Corasick pass (actor aliases,
   country names, nisba adjectives, capitals, agent nouns) and computes the article's country
   context, which the place finder needs.
2. `ActorResolver` reads those matches left to right and builds mentions: an agent noun absorbs
   the words that qualify it ("السفارة الأميركية"، "المتحدث باسم قوات حفتر"، "قائممقام قضاء الحضر"),
   takes the name that follows it ("...، أحمد المسماري") as a new person coded from that context,
   or, with no name, becomes the office holder of the day ("الرئيس الأميركي" in 2019 → Trump).
   New persons are then found again by surname ("المسماري").
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from functools import cached_property
from pathlib import Path

from ..doc import Doc, Entity, Mention
from ..kb import KnowledgeBase
from ..kb.loader import DATA_DIR
from ..text.matcher import Match, PhraseMatcher
from ..text.normalize import fold, has_article, strip_article
from .dates import day_words

# Words that may stand between an agent noun and what qualifies it.
_FILLERS = frozenset(fold(w) for w in (
    "السابق", "السابقة", "الأسبق", "بالنيابة", "بالوكالة", "الرسمي", "الرسمية", "العام", "العامة", "الخاص",
    "الخاصة", "الأعلى", "الجديد", "الجديدة", "المكلف", "المكلفة", "الحالي", "السياسي", "السياسية",
    "الإعلامي", "الإعلامية", "الأول", "المؤقت", "المؤقتة", "المستقيل", "المنتخب", "المعترف", "بها", "دوليا",
    # a creed qualifies a calling: "رجل الدين الشيعي"، "الزعيم الدرزي"
    "الشيعي", "الشيعية", "السني", "السنية", "المسيحي", "المسيحية", "الدرزي", "الدرزية", "الكردي", "الكردية",
    "باسم", "لدى", "في", "ل",
    # the kind of a body or force between its noun and its nisba: "محكمة عسكرية تركية"، "قوات
    # خاصة أمريكية"، "المحكمة العليا الإسرائيلية"
    *(article + stem + ending for stem in (
        "خاص", "عسكري", "أمني", "حكومي", "محلي", "جوي", "بحري", "حربي", "جنائي", "مدني", "دبلوماسي",
        "استخباراتي", "ميداني", "اتحادي", "فيدرالي", "إقليمي", "وطني", "شرعي", "دستوري", "إداري", "ثوري",
        "مركزي")
      for article in ("", "ال") for ending in ("", "ة")),
    "عليا", "العليا",
    # place nouns before a place name: "قائممقام قضاء الحضر"، "محافظ مدينة البصرة"
    "قضاء", "ناحية", "مدينة", "محافظة", "ولاية", "منطقة", "بلدة", "قرية", "مديرية", "إقليم", "بلدية", "مخيم",
))
# Complementisers (folded): they open a reported clause, and end a name run after a speech verb
# ("قال أحمد جواد أنهم").
COMPLEMENTISERS = frozenset({"ان", "بان", "انه", "انها", "انهم", "بانه", "بانها", "وان", "لان"})
# Words that end a name run after a title.
_NAME_STOP = frozenset(fold(w) for w in (
    "في", "من", "إلى", "عن", "مع", "أن", "إن", "أنه", "إنه", "أنها", "التي", "الذي", "الذين", "قال", "قالت",
    "أكد", "أكدت", "يوم", "أمس", "اليوم", "خلال", "بعد", "قبل", "وقال", "وأكد", "لا", "لم", "لن", "قد", "كان",
    "كانت", "هو", "هي", "وهو", "وهي", "وهم", "هم", "ان", "الى", "عبر", "حول", "بشأن", "أيضا", "كما", "ثم", "او", "أو", "و", "ما", "بين",
    "مساء", "صباح", "الجمعة", "السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "لوكالة", "لقناة",
    "لصحيفة", "للصحفيين", "اليوم", "حيث", "بأن", "إنّ", "بدوره", "بدورها", "أثناء", "عقب", "لدى", "ضد",
    "أمام", "نحو", "تجاه", "حيال", "وسط", "فوق", "تحت", "داخل", "خارج",
    # the next title or role after a name: "بريت ماكغورك نائب ..."، "الأمير وليام دوق ..."، "X أحد قادة"
    "أحد", "إحدى", "نائب", "وزير", "زعيم", "قائد", "مستشار", "دوق", "الأميرة", "الأمير",
))
# Compared unfolded: "على" folds to the given name "علي".
_RAW_STOP = frozenset({"على", "وعلى", "فعلى"})
_LOCATIVE = frozenset(fold(w) for w in (
    "في", "إلى", "الى", "داخل", "خارج", "عبر", "نحو", "فوق", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي",
    "غربي", "وسط", "أنحاء", "حدود", "أراضي", "مدن", "العاصمة", "أجواء", "سماء", "لدى", "بشمال", "بجنوب",
))
_LOCATIVE_PREFIXES = ("ب", "وب", "فب")
_FREE_PREPOSITIONS = frozenset(fold(w) for w in ("إلى", "الى", "من", "في", "عن", "على", "مع", "ضد"))
_BORDER_WORDS = frozenset(fold(w) for w in ("حدود", "حدودية", "حدودي", "الحدود"))
# "للشؤون الخارجية"، "شؤون الدفاع": the field an office covers, before its agent noun
_PORTFOLIO_BEFORE = re.compile(r"(?:^|\s)(?:لل|ال|و)?شؤون\s+$")
# a count right before a country word: "12 سوريا" are twelve Syrians
_COUNT_BEFORE = re.compile(r"(?:^|\s)\d+\s+$")


# what may stand between a name and the title after it: a closing quote, a nickname, a comma, a
# copula ("«سالم النايلي» المعروف بـ«عفاريت» كان قائد"، "عمر الحاسي، وهو قائد")
_NAME_TITLE_BRIDGE = re.compile(
    r"[»\"”]?(?:\s+(?:ال)?معروف(?:ة)?\s+(?:بـ?|باسم)\s*[«\"“]?[^«»\"“”،,.\n]{1,30}[»\"”]?)?"
    r"(?:\s*[،,])?(?:\s+و?(?:هو|هي|كان|كانت))?\s*$")


def _same_name(a: str, b: str) -> bool:
    """Two folded spellings of one given name: one a prefix of the other ("جو"، "جوزيف") or one
    letter apart ("يوري"، "يويري")."""
    if a.startswith(b) or b.startswith(a):
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _agrees(word: str, adjective: str) -> bool:
    """Whether a folded word after another could be its adjective: the same gender and number
    endings ("السوريه المعارضه"، "السوري المعارض"، "المسلحين الحوثيين")."""
    def ending(w: str) -> str:
        return next((suf for suf in ("ين", "ون", "ات", "ه") if w.endswith(suf)), "")
    return ending(word) == ending(adjective) or {ending(word), ending(adjective)} == {"ات", "ه"}


def _coordinated_place(text: str, start: int, prefix: str, previous: Mention | None) -> bool:
    """"في أفغانستان وباكستان": a country joined by و to a location is a location too."""
    return (previous is not None and previous.via == "country-place" and prefix.startswith("و")
            and not text[previous.end:start - len(prefix)].strip())
# Words that end a name run after a title: the speech complementiser, a preposition, a time word.
_BOUNDARY = frozenset(fold(w) for w in (
    "إن", "أن", "بأن", "إنه", "أنه", "إنها", "أنها", "في", "خلال", "أمس", "اليوم", "مساء", "صباح", "عن",
    "من", "الى", "إلى", "قوله", "قولها", "يوم", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
    "السبت", "لـ", "ل",
))
# Sectors of the bodies the name tagger may add: those that act in politics and conflict.
_BODY_SECTORS = frozenset({"GOV", "MIL", "COP", "REB", "OPP", "UAF", "JUD", "LEG", "PTY", "SPY"})


def _sector_list(sector) -> list:
    return sector if isinstance(sector, list) else [sector]


_TIME_AFTER_NAME = frozenset(fold(w) for w in ("الأسبوع", "الشهر", "العام", "الماضي", "الماضية", "المقبل",
                                                "الجاري", "الحالي", "السابق", "السابقة"))


# Times of day that are given names too, and the words after them that make them a time.
_TIMES_OF_DAY = frozenset(fold(w) for w in ("صباح", "مساء", "فجر", "ضحى"))
_DAY_WORDS = day_words() | frozenset(fold(w) for w in ("الأمس", "غد", "يوم", "باكر", "الباكر", "ذلك", "هذا"))
# the head nouns of a medium's name, or the press: after ل they are whom one speaks to
# ("لوكالة الصحافة الفرنسية"، "للصحفيين"), which ends a name and is no speaker
MEDIA_HEADS = frozenset(fold(w) for w in ("وكالة", "قناة", "صحيفة", "موقع", "الصحفيين", "الصحافيين", "إذاعة", "تلفزيون",
                                          "شبكة", "راديو", "مجلة", "جريدة", "محطة"))
_PARTICLES = frozenset(fold(w) for w in ("بن", "ابن", "أبو", "أبي", "عبد", "آل", "ولد", "بنت", "أم"))
_NAME_WORD = re.compile(r"[^\W\d_]+")
# Sectors of unnamed armed groups, coded by the sentence's place before the story's country.
_LOCAL_SECTORS = frozenset({"REB", "UAF", "OPP"})
_LEAD_WORD = re.compile(r"[ \t]*([^\W\d_]+)")
_LEAD_COMMA = re.compile(r"[ \t]*([،,])?[ \t#]*")


@functools.lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    path = Path(DATA_DIR) / "given_names.txt"
    if not path.exists():
        return frozenset()
    return frozenset(fold(l) for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#"))


class ActorMatcher:
    """Pass 1: every dictionary phrase of the knowledge base, in one scan."""

    name = "actor_matcher"

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        m: PhraseMatcher[tuple] = PhraseMatcher()
        for c in kb.countries.values():
            skip = {fold(x) for x in c.ambiguous}
            for n in c.names:
                if fold(n) not in skip:
                    m.add(n, ("country", c.iso3))
            for n in c.nisba:
                if fold(n) not in skip:
                    m.add(n, ("nisba", c.iso3))
                    f = fold(n)
                    if f.endswith("ي") and not f.startswith("ال") and len(f) > 4 and f + "ا" not in skip:
                        # the accusative "مصورا فرنسياً"، "جنديا أميركيا" (the tanween is folded away)
                        m.add(f + "ا", ("nisba", c.iso3), definite_forms=False)
                    elif len(f) >= 3 and not f.startswith("ال") and not f.endswith(("ي", "ه", "ون", "ين", "ان", "ا", "ات")) \
                            and f + "ا" not in skip:
                        # a broken plural's accusative: "مدنيين روساً"، "مقاتلين أكراداً"
                        m.add(f + "ا", ("nisba", c.iso3), definite_forms=False)
            for n in c.capitals:
                if fold(n) not in skip:
                    m.add(n, ("capital", c.iso3))
        for i, agent in enumerate(kb.agents):
            for w in agent.words:
                m.add(w, ("agent", i))
        for phrase in (kb.cues or {}).get("not_actors", []) or []:
            m.add(phrase, ("none", ""))   # covers its agent word, then is dropped
        # actors last: on an identical key the actor and the country both stay, actors win ties later
        for actor in kb.actors.values():
            for alias in actor.aliases:
                # a person's name never takes the article: "لامي" is not "اللامي"
                m.add(alias, ("actor", actor.id), definite_forms=actor.kind != "person")
            for alias in actor.ambiguous_aliases:
                m.add(alias, ("ambiguous", actor.id), definite_forms=False)
        self._context = {a.id: frozenset(fold(w) for w in a.context) for a in kb.actors.values() if a.ambiguous_aliases}
        self._given_of: dict[str, frozenset[str]] = {}
        m.build()
        self.matcher = m
        # a capital left out as ambiguous because another country bears its name ("عمان": Amman
        # and Oman) → that capital's country, read by context in __call__
        names = {fold(n) for c in kb.countries.values() for n in c.names}
        self._shared_capitals = {f: c.iso3 for c in kb.countries.values() for f in map(fold, c.capitals)
                                 if f in names and f in set(map(fold, c.ambiguous))}
        self._title_forms = {c.iso3: tuple(f for f in (fold(n) for n in c.names + c.nisba) if len(f) > 3)
                             for c in kb.countries.values()}

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher.find(doc.norm, rank=_PAYLOAD_RANK)
        # the opening dateline places the newsroom, not the story (the place finder skips it too)
        opening = doc.dateline_end
        matches = [self._read_ambiguous(doc, m) if m.payload[0] == "ambiguous" else m for m in matches]
        name_ends = {m.end for m in matches if m.payload[0] == "actor"}
        matches = _prefer_actor_payloads([m for m in matches if m.payload[0] != "none" and m.start >= opening
                                          and not self._hamza_differs(doc.text[m.start:m.end], m.payload)
                                          and not self._namesake(doc, m, name_ends)])
        if self._shared_capitals:
            matches = self._read_shared_capitals(matches)
        doc.meta["kb_matches"] = matches
        doc.meta["country_hint"] = self.country_hint(matches, doc)
        return doc

    def _read_ambiguous(self, doc: Doc, m: Match) -> Match:
        """A name that is a common word too names its actor only beside one of the actor's context
        words: before it, across a preposition ("المنتمين إلى القاعدة"، "المرتبطة بالقاعدة"), or
        after it ("القاعدة وداعش"); else it is no name ("القاعدة الجوية")."""
        context = self._context[m.payload[1]]
        head = m.start - len(m.prefix)
        before = _NAME_WORD.findall(fold(doc.text[max(0, head - 40):head]))
        if before and before[-1] in _FREE_PREPOSITIONS:
            before = before[:-1]
        after = _NAME_WORD.findall(fold(doc.text[m.end:m.end + 30]))[:1]
        near = [strip_article(w) for w in before[-1:]] + before[-1:] + [
            w[1:] if w[:1] in "وبل" else w for w in after] + after
        return m._replace(payload=("actor" if any(w in context for w in near) else "none", m.payload[1]))

    def _own_given_names(self, actor) -> frozenset[str]:
        hit = self._given_of.get(actor.id)
        if hit is None:
            hit = self._given_of[actor.id] = frozenset(fold(a.split()[0]) for a in actor.aliases if " " in a)
        return hit

    def _namesake(self, doc: Doc, m: Match, name_ends: set[int]) -> bool:
        """A person known by a bare surname ("الحريري") written after another given name ("علي شايف
        الحريري"، "رفيق الحريري") is someone else: the person's own full name would have matched."""
        if m.payload[0] != "actor" or m.prefix or " " in m.text:
            return False
        actor = self.kb.actors[m.payload[1]]
        if actor.kind != "person":
            return False
        window = max(0, m.start - 30)
        before = doc.text[window:m.start]
        words = before.split()[-2:]
        previous_end = window + len(before.rstrip())
        if not words or re.search(r"[،,.؛:\"«»()#]\s*$", before) or previous_end in name_ends \
                or (len(words) == 2 and fold(words[0]) in ("بن", "ابن")):
            return False   # (the word before ends another known name: "جون كيري أوباما"; "عادل بن أحمد
            # الجبير": a father's name)
        own = self._own_given_names(actor)
        # the given name right before, or two words before with a plain name word between
        # ("علي شايف الحريري"); not "على" (it folds to the name علي) nor the person's own given
        # name spelt another way ("جو دانفورد"، "يويري موسيفيني")
        for k, w in enumerate(reversed(words)):
            f = fold(w)
            if w in _RAW_STOP or f not in _given_names() or f == "ولد":
                continue   # ("ولد سليماني": was born)
            if k == 1 and (fold(words[-1]) in _given_names() or fold(words[-1]) in _NAME_STOP or words[-1] in _RAW_STOP):
                return False
            return not any(_same_name(f, o) for o in own)
        return False

    def _hamza_differs(self, raw: str, payload: tuple) -> bool:
        """"الوضع هادئ" (calm) folds to the name "هادي": a person's name ending in ي in every form
        the knowledge base has is not the word ending in ئ."""
        if "ئ" not in raw or payload[0] != "actor":
            return False
        actor = self.kb.actors[payload[1]]
        if actor.kind != "person":
            return False
        forms = " ".join((actor.name, *actor.aliases))
        # (only a final ئ: inside a word both spellings are common, "فائز"/"فايز")
        return any(w.endswith("ئ") and w not in forms for w in raw.split())

    def _read_shared_capitals(self, matches: list[Match]) -> list[Match]:
        """"عمان" is Amman, the capital of Jordan, in a text that names Jordan and, apart from this
        word, not Oman ("تظاهر نحو ألفي شخص في عمان تلبية لدعوة أحزاب المعارضة الأردنية")."""
        codes = Counter(m.payload[1] for m in matches if m.payload[0] in ("country", "nisba", "capital"))
        shared = Counter(m.payload[1] for m in matches
                         if m.payload[0] == "country" and fold(m.text) in self._shared_capitals)
        out = []
        for m in matches:
            capital_of = self._shared_capitals.get(fold(m.text)) if m.payload[0] == "country" else None
            # the capital's country is named, and the other country only by this shared word
            if capital_of is not None and codes[capital_of] and codes[m.payload[1]] == shared[m.payload[1]]:
                m = m._replace(payload=("capital", capital_of))
            out.append(m)
        return out

    def country_hint(self, matches: list[Match], doc: Doc) -> list[str]:
        counts: Counter[str] = Counter()
        title = fold(doc.title or "")
        for m in matches:
            kind, key = m.payload
            code = key if kind != "actor" and kind != "agent" else None
            if kind == "actor":
                code = self.kb.actors[key].code
            if kind == "actor" and self.kb.actors[key].kind == "media":
                continue  # "فرانس برس" reports the story; it does not place it
            if code and len(code) == 3 and code not in ("IGO", "UNO", "EUR", "NGO", "IMG", "MNC"):
                counts[code] += 1
        for code, c in list(counts.items()):
            if any(n in title for n in self._title_forms.get(code, ())):
                counts[code] += 3   # the country the headline names
        return [c for c, _ in counts.most_common()]


def _PAYLOAD_RANK(payload: tuple) -> int:
    """On a tie in length, a named actor beats a country word, which beats an agent noun."""
    return {"actor": 0, "country": 1, "capital": 2, "nisba": 3, "agent": 4}.get(payload[0], 5)


def _prefer_actor_payloads(matches: list[Match]) -> list[Match]:
    """Where one span carries several payloads, an actor entry beats a country or agent reading."""
    by_span: dict[tuple[int, int], list[Match]] = {}
    for m in matches:
        by_span.setdefault((m.norm_start, m.norm_end), []).append(m)
    out = []
    for span, group in by_span.items():
        actors = [m for m in group if m.payload[0] == "actor"]
        out.append(actors[0] if actors else group[0])
    out.sort(key=lambda m: m.norm_start)
    return out


class ActorResolver:
    """Pass 2: mentions of actors from the matches, titles, apposition and surnames."""

    name = "actors"

    def __init__(self, kb: KnowledgeBase, tagger=None):
        self.kb = kb
        self.tagger = tagger

    @cached_property
    def given_names(self) -> frozenset[str]:
        return _given_names()

    @cached_property
    def _agent_words(self) -> frozenset[str]:
        """Agent nouns ("الجيش"، "الحركة"): a head noun that is one names no particular body."""
        return frozenset(f for a in self.kb.agents for w in a.words for f in (fold(w), "ال" + fold(w)))

    def __call__(self, doc: Doc) -> Doc:
        matches: list[Match] = doc.meta.get("kb_matches", [])
        if not doc.meta.get("country_hint") and doc.places:
            # no state named: the places tell where the story happens ("مسلحون في بغداد")
            counts = Counter(p.place.country for p in doc.places if p.place.country)
            doc.meta["country_hint"] = [c for c, _ in counts.most_common()]
        items: list[tuple[int, int, str, object, str]] = []  # start, end, kind, key, prefix
        covered = bytearray(len(doc.text) + 1)
        for m in matches:
            items.append((m.start, m.end, m.payload[0], m.payload[1], m.prefix))
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
        for p in doc.places:
            if not covered[p.start]:
                items.append((p.start, p.end, "place", p, ""))
        items.sort(key=lambda x: (x[0], -x[1]))
        text = doc.text
        mentions: list[Mention] = []
        bodies: list[Mention] = []
        i = 0
        while i < len(items):
            start, end, kind, key, prefix = items[i]
            if kind == "agent":
                j, new = self._agent_phrase(doc, items, i)
                mentions.extend(new)
                if self.kb.agents[key].person:
                    bodies.extend(self._title_bodies(doc, items[i + 1:j], new, items[j] if j < len(items) else None))
                else:
                    bodies.extend(self._named_inside(doc, items[i + 1:j]))
                i = j
                continue
            if kind == "actor":
                actor = self.kb.actors[key]
                mentions.append(Mention(start, end, text[start:end], actor.entity(), via="kb"))
                if inner := _LEADER_INSIDE.search(text, start, end):
                    # a name that holds its leader ("التحالف العربي بقيادة السعودية") names it too
                    bodies.extend(self._country_at(doc, inner.end(), end))
            elif kind in ("country", "nisba", "capital"):
                country = self.kb.countries[key]
                via = kind
                if kind == "country" and _COUNT_BEFORE.search(text, max(0, start - 12), start):
                    via = "demonym"    # "بمقتل 12 سوريا": twelve Syrians, people of the state, not the state
                elif kind in ("country", "capital") and (self._locative(doc, start, prefix) or _coordinated_place(
                        text, start, prefix, mentions[-1] if mentions else None)):
                    via = "country-place"   # a location here, not an actor
                mentions.append(Mention(start, end, text[start:end], country.entity(), via=via,
                                        is_nisba=kind == "nisba", is_metonym=kind == "capital"))
            i += 1
        mentions.sort(key=lambda m: (m.start, -m.end))
        mentions = _title_coreference(mentions, doc.text, self._speech_subjects(doc, mentions))
        mentions = self._with_named_bodies(doc, items, mentions)
        if self.tagger is not None:
            mentions = self._with_tagged(doc, items, mentions)
        mentions.extend(self._speakers_named(doc, mentions))
        mentions.extend(self._surnames(doc, mentions))
        mentions.sort(key=lambda m: (m.start, -m.end))
        doc.mentions = mentions
        doc.inner_bodies = bodies
        return doc

    def _speech_subjects(self, doc: Doc, mentions: list[Mention]) -> frozenset[str]:
        """Keys of the entities named right after a speech verb ("وذكر لافرينتيف"): who has the floor."""
        out = set()
        for m in mentions:
            k = doc.token_index(m.start) - 1
            if k >= 0 and doc.tokens[k].end <= m.start and self.kb.is_speech_verb(doc.tokens[k].norm):
                out.add(m.entity.key)
        return frozenset(out)

    def _speakers_named(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A person no dictionary lists, named right after a speech verb by a given name and one or
        two more words up to a comma, إن/أن or a preposition ("قال بيناز صالح، الذي ..."، "وقالت
        فاطمة حسن لوكالة رويترز إن"): uncoded, a speaker and never a side until a title codes them."""
        text = doc.text
        taken = _covered(len(text), [*mentions, *doc.places])
        out: list[Mention] = []
        toks = doc.tokens
        given = self.given_names
        for k in range(len(toks) - 3):
            first = toks[k + 1]
            if first.norm not in given or not self.kb.is_speech_verb(toks[k].norm):
                continue   # (the given name first: it is the rarer of the two)
            if text[toks[k].end:first.start].strip() or text[first.start:first.end] in _RAW_STOP \
                    or any(taken[first.start:first.end]):
                continue
            end = first.end
            for t in toks[k + 2:k + 4]:
                if text[end:t.start].strip() or t.norm in _NAME_STOP or t.norm in COMPLEMENTISERS \
                        or text[t.start:t.end] in _RAW_STOP or t.norm[:1] in "لب" and len(t.norm) > 4 \
                        or any(taken[t.start:t.end]) or not t.norm.isalpha():
                    break
                end = t.end
            if end == first.end:
                continue   # a given name alone is too often a word ("صالح" the adjective)
            after = text[end:end + 12]
            if not re.match(r"\s*(?:[،,]|(?:إن|أن|ان|بأن|إنه|أنه|ل|في|خلال|أمام|من)(?=[\s\w]))", after):
                continue
            name = text[first.start:end]
            out.append(Mention(first.start, end, name, Entity(id=None, name=name, code=None, kind="person"), via="name"))
        return out

    @cached_property
    def _body_heads(self) -> tuple[dict[str, str], frozenset[str]]:
        cues = self.kb.cues or {}
        heads = {fold(k): v for k, v in (cues.get("body_name_heads") or {}).items()}
        return heads, frozenset(fold(w) for w in cues.get("not_body_names") or [])

    def _with_named_bodies(self, doc: Doc, items: list, mentions: list[Mention]) -> list[Mention]:
        """Bodies named in the construct state that no dictionary lists: an indefinite head
        (حزب، حركة، جبهة، تجمع ...) and the definite words that follow it, "حزب الوسط الإسلامي"،
        "تجمع المهنيين السودانيين". A nisba among them gives the country, else the story's
        country; the head gives the sector. "الحزب الحاكم" (a definite head) and "حركة السير"
        (a common noun after it) name no body. A dictionary match inside wins."""
        heads, common = self._body_heads
        if not heads:
            return mentions
        text = doc.text
        hard = _covered(len(text), (m for m in mentions if m.via not in _GUESSED))
        nisbas = {m.start for m in mentions if m.via == "nisba"}
        tokens = doc.tokens
        added: list[Mention] = []
        for k, tok in enumerate(tokens):
            word = tok.norm
            head = word if word in heads else (word[1:] if word[:1] in ("و", "ف", "ب", "ل") and word[1:] in heads else None)
            if head is None or k + 1 >= len(tokens):
                continue
            start = tok.start + (word != head)   # after the one proclitic ("وحزب")
            if hard[start]:
                continue
            # head, at most one indefinite word ("جبهة تحرير الساحل"), then definite words; a
            # nisba ends the name
            n, last = k + 1, None
            while n < len(tokens) and n - k <= 5:
                nxt = tokens[n]
                if text[tokens[n - 1].end:nxt.start].strip() or nxt.norm in _NOT_NOUNS or nxt.norm in _NAME_STOP:
                    break
                if nxt.start in nisbas:
                    last = n
                    break
                if hard[nxt.start]:
                    break
                if nxt.norm.startswith(("ال", "وال")):
                    if last is not None and (nxt.norm.startswith("الم") or nxt.norm in _DAY_WORDS
                                             or nxt.norm in _TIME_AFTER_NAME):
                        break   # "حزب الاتحاد الوطني المقرب من ..."، "... الأسبوع الماضي": the name has ended
                    last = n
                elif n != k + 1:
                    break
                n += 1
            if last is None or tokens[k + 1].norm in common or strip_article(tokens[k + 1].norm) in common:
                continue
            n = last + 1
            end = tokens[n - 1].end
            code = next((it[3] for it in items if start <= it[0] < end and it[2] in ("nisba", "country")), None)
            if code is None and heads[head] in ("REB", "UAF"):
                continue   # an armed group's side is not the story's by default ("كتائب ..." in Israel news)
            code = code or _first(doc.meta.get("country_hint"))
            name = text[start:end]
            added.append(Mention(start, end, name, Entity(id=None, name=name, code=code, sector=heads[head],
                                                          kind="organisation"), via="agent"))
            hard[start:end] = b"\x01" * (end - start)
        return _merged(mentions, added, added, only_guessed=False)   # its nisba is part of its name

    def _with_tagged(self, doc: Doc, items: list, mentions: list[Mention]) -> list[Mention]:
        """`mentions` with the organisations and persons the name tagger finds and no dictionary or
        rule named. An organisation needs a head noun we know, which gives its sector ("جامعة
        الأنبار" → EDU), and takes its code from a place, country or nisba inside or right after
        it, else the story's country; it replaces the bare head noun's guess. A person opening with
        a given name stays uncoded (a speaker, never a side) until a title codes it. Dictionary
        matches and titles win wherever both fire."""
        text = doc.text
        hard = _covered(len(text), (m for m in mentions if m.via not in _GUESSED))  # no tagged body over these
        taken = _covered(len(text), [*mentions, *doc.places])                       # no tagged person over these
        added: list[Mention] = []
        for s, e, label in self.tagger.entities(text):
            name = text[s:e]
            words = name.split()
            if not 2 <= len(words) <= 5 or words[0] in _RAW_STOP or any(fold(w) in _NAME_STOP for w in words):
                continue   # "على عكس"، "حزب اليسار لكي يشكلوا ...": a tagged span running past the name
            if label == "PERS":
                if not any(taken[s:e]) and fold(words[0]) in self.given_names:
                    added.append(Mention(s, e, name, Entity(id=None, name=name, code=None, kind="person"), via="ner"))
                continue
            if label != "ORG" or any(hard[s:e]):
                continue
            near = [it for it in items if s <= it[0] < e or (e <= it[0] < e + 12 and not text[e:it[0]].strip())]
            head = next((self.kb.agents[it[3]] for it in near if it[2] == "agent" and it[0] == s), None)
            if head is None or head.person or not set(_sector_list(head.sector)) & _BODY_SECTORS:
                # without a head noun we know the guess is too often wrong; and a university or a
                # company is a place an attack hits more often than a side ("تحرير جامعة الأنبار")
                continue
            code = next((it[3].place.country if it[2] == "place" else it[3]
                         for it in near if it[2] in ("nisba", "country", "place")), None)
            code = code or _first(doc.meta.get("country_hint"))
            added.append(Mention(s, e, name, Entity(id=None, name=name, code=code, sector=head.sector,
                                                    kind="organisation"), via="ner"))
            hard[s:e] = b"\x01" * (e - s)
        return _merged(mentions, added, [m for m in added if m.entity.kind == "organisation"])

    def _title_bodies(self, doc: Doc, inside: list, new: list[Mention], after: tuple | None) -> list[Mention]:
        """The bodies and states named inside a person's title, each an entity of its own:
        "الناطق باسم القوات الخاصة الليبية" names the Libyan special forces, "سفيرة الولايات
        المتحدة" the United States, "مبعوث الأمم المتحدة" the UN."""
        title = next((m for m in new if m.via in ("title", "agent")), None)
        if title is None:
            return []
        names = [m for m in new if m.via == "apposition"]
        # the title's words end where the name after it starts (a name of the knowledge base is the
        # next match: "رئيس لجنة العدل بمجلس النواب الليبي إبراهيم عميش")
        later = [m.start for m in names if m.start > title.start]
        if not names and after is not None and after[2] == "actor" and self.kb.actors[after[3]].kind == "person":
            later.append(after[0])
        hi = min(later) if later else title.end
        text = doc.text
        out: list[Mention] = []
        body = None   # [start, end, code, sector] of an agent noun being qualified
        for s, e, kind, key, _prefix in inside:
            if s < title.start or e > hi or any(m.start <= s < m.end for m in names):
                continue
            if body is not None and (kind in ("nisba", "country", "place") and not
                                     _breaks_phrase(text[body[1]:s])):
                body[1] = e
                body[2] = body[2] or (key.place.country if kind == "place" else key)
                continue
            if body is not None:
                out.append(self._body_mention(doc, body, title))
                body = None
            if kind == "agent" and not self.kb.agents[key].person:
                if _PORTFOLIO_BEFORE.search(text, max(0, s - 12), s):
                    continue   # "مستشار ... للشؤون الخارجية": a portfolio, not the foreign ministry
                body = [s, e, None, self.kb.agents[key].sector]
            elif kind == "actor" and self.kb.actors[key].kind not in ("person", "media"):
                out.append(Mention(s, e, text[s:e], self.kb.actors[key].entity(), via="body"))
            elif kind == "country" and not _posted_to(text, s):
                # (where an envoy is posted, "إلى سوريا", is not a body the title names)
                out.append(Mention(s, e, text[s:e], self.kb.countries[key].entity(), via="body"))
        if body is not None:
            out.append(self._body_mention(doc, body, title))
        return out

    def _named_inside(self, doc: Doc, inside: list) -> list[Mention]:
        """The actors a side's phrase names inside it: whose forces they are ("قوات مجلس شورى ثوار
        بنغازي"، "طيران التحالف العربي") and who leads them ("التحالف بقيادة السعودية"، "قوات بزعامة
        حفتر"). Each is an entity of the article, though the phrase is the side."""
        out = []
        for s, e, kind, key, _prefix in inside:
            if kind == "actor":
                if self.kb.actors[key].kind == "media":
                    continue
                out.append(Mention(s, e, doc.text[s:e], self.kb.actors[key].entity(), via="body"))
                if inner := _LEADER_INSIDE.search(doc.text, s, e):
                    # a name that holds its leader ("التحالف العربي بقيادة السعودية") names it too
                    out.extend(self._country_at(doc, inner.end(), e))
            elif kind in ("country", "capital") and LED_BY.search(doc.text, max(0, s - 12), s):
                out.append(Mention(s, e, doc.text[s:e], self.kb.countries[key].entity(), via="body",
                                   is_metonym=kind == "capital"))
        return out

    @cached_property
    def _country_names(self) -> dict[str, str]:
        """Folded country names and capitals (without their article) → ISO3."""
        out: dict[str, str] = {}
        for c in self.kb.countries.values():
            for n in (*c.names, *c.capitals):
                out.setdefault(strip_article(fold(n)), c.iso3)
        return out

    def _country_at(self, doc: Doc, start: int, end: int) -> list[Mention]:
        """The country named by the words [start, end) of a longer name, if they name one."""
        words = doc.text[start:end].strip()
        code = self._country_names.get(strip_article(fold(words)))
        if code is None:
            return []
        lead = len(doc.text[start:end]) - len(doc.text[start:end].lstrip())
        return [Mention(start + lead, start + lead + len(words), words, self.kb.countries[code].entity(), via="body")]

    @staticmethod
    def _body_mention(doc: Doc, body: list, title: Mention) -> Mention:
        start, end, code, sector = body
        name = doc.text[start:end]
        ent = Entity(id=None, name=name, code=code or title.entity.code, sector=sector, kind="organisation")
        return Mention(start, end, name, ent, via="body")

    # -- agent phrases -------------------------------------------------------------------
    def _agent_phrase(self, doc: Doc, items: list, i: int) -> tuple[int, list[Mention]]:
        text = doc.text
        start, end, _, agent_idx, _ = items[i]
        agent = self.kb.agents[agent_idx]
        code: str | None = None
        sector = agent.sector
        person_actor = None      # a knowledge-base person named right after the title
        posting = False          # the title names where its holder is posted ("... إلى اليمن")
        qualifier_actor = None   # the actor the title belongs to (باسم X، لحفتر، قوات حفتر)
        phrase_end = end
        prev_kind = "agent"      # the kind of the last match the phrase took in
        j = i + 1
        while j < len(items):
            s, e, kind, key, prefix = items[j]
            # the glued proclitics of the next match ("للأمم المتحدة") are not a gap word
            word_start = s - len(prefix) if prefix in ("ل", "لل") and s - len(prefix) >= phrase_end else s
            gap = fold(text[phrase_end:word_start])
            gap_words = gap.replace(",", " ").split()
            # "مسلحون من جماعة بوكو حرام"، "انتحاري من حركة الشباب": a group's men are the group
            partitive = gap_words == ["من"] and kind == "actor" and not agent.person and code is None \
                and qualifier_actor is None and agent.sector in ("UAF", "REB", "MIL")
            # "ضباط بالجيش الروسي": a body after ب places people in it while the title has no side
            # yet ("أشاد وزير الخارجية الروسي بحفتر": Haftar is praised, not the minister's side)
            at_body = gap_words == ["ب"] and code is None and qualifier_actor is None and (
                (kind == "agent" and not self.kb.agents[key].person)
                or (kind == "actor" and self.kb.actors[key].kind not in ("person", "media")))
            # "المبعوث الأميركي الخاص إلى اليمن"، "سفير مصر لدى واشنطن": where a coded envoy is
            # posted qualifies the title without changing whose it is
            is_posting = agent.title in _POSTED_TITLES and code is not None and kind in ("country", "capital", "place") \
                and bool(gap_words) and gap_words[-1] in _POSTING_WORDS \
                and all(w in _FILLERS or w in _POSTING_WORDS for w in gap_words)
            if is_posting:
                posting = True
                phrase_end = e
                j += 1
                continue
            # "طائرات التحالف بقيادة السعودية"، "قوات بقيادة حفتر": the leader gives the side its code
            led_by = len(gap_words) == 1 and gap_words[0] in _LEADER_WORDS and code is None and qualifier_actor is None \
                and not agent.person and kind in ("country", "actor", "capital")
            if "," in gap or "\n" in text[phrase_end:word_start] or (
                    any(w not in _FILLERS for w in gap_words) and not partitive and not at_body and not led_by):
                break
            if kind in ("agent", "actor") and not gap_words and prefix == "" and len(text[start:end].split()) == 1 \
                    and fold(text[start:end]).endswith(("ون", "ين")) \
                    and has_article(fold(text[start:end])) != has_article(fold(text[s:e]).split()[0]):
                # "واتهم معارضون الرئيس التركي": a plural with its ن is never the first term of a
                # genitive, and a noun of other definiteness is no adjective of it ("المقاتلين الحوثيين" is)
                break
            if kind == "nisba" and code is None:
                code = key
            elif kind == "country" and code is None:
                code = key
            elif kind == "place" and code is None:
                code = key.place.country
            elif kind == "actor":
                actor = self.kb.actors[key]
                if actor.kind == "person" and agent.person and prefix in ("", "و"):
                    person_actor = actor
                    break
                if code is not None and prefix not in ("ل", "لل") and not gap_words:
                    break  # "الرئيس التركي الحكومة السورية": the title is complete; the next actor is another
                if code is not None and not agent.person and prefix in ("ل", "لل"):
                    break  # "دعم حكومة مصر للتحالف": a coded body is complete; what follows ل is whom it serves
                qualifier_actor = actor
                code = code or actor.code
                if agent.inherit:
                    sector = actor.sector
            elif kind == "agent":
                inner = self.kb.agents[key]
                if code is not None and not agent.person and prefix in ("ل", "لل"):
                    break   # "استهداف الجيش السوري للمدنيين": a coded body is complete; the noun after ل is its object
                if inner.qualified and code is not None:
                    break   # "دبابة إسرائيلية قذيفة": the weapon after a coded vehicle is its object
                if prev_kind == "nisba" and kind == "agent" and not gap_words and fold(text[s:e]).startswith("ال") \
                        and prefix == "" and not _agrees(fold(text[start:phrase_end]).split()[-1], fold(text[s:e]).split()[0]):
                    # "اعتقلت الشرطة المصرية المتظاهرين": a definite noun after the nisba that does not
                    # agree with it starts another phrase ("الفصائل السورية المعارضة" is one)
                    break
                if inner.person and (agent.person or code is not None or (
                        not gap_words and not fold(text[s:e]).startswith("ال"))):
                    # another title ("... في الجيش اليمني اللواء سمير الحاج") starts its own phrase,
                    # as does a person right after a group ("اغتال مسلحون مجهولون ضابطا")
                    break
                if agent.person and not agent.inherit:
                    if code is not None:
                        break  # "الرئيس التركي الحكومة السورية": the title is complete, a new actor starts
                    # "قائد قوات الاحتياط"، "ضباط بالجيش الروسي": the body qualifies the person
                elif agent.inherit or not agent.person:
                    sector = sector if not agent.inherit else inner.sector
                    if agent.inherit and inner.person is False:
                        sector = inner.sector
                else:
                    break
            elif kind == "capital":
                code = code or key
            else:
                break
            phrase_end = e
            prev_kind = kind
            j += 1
        phrase = text[start:phrase_end]
        # the name as written on its own: "للجيش اليمني" → "الجيش اليمني"، "#الجيش_اليمني" → "الجيش اليمني"
        own_name = (("ال" if items[i][4].endswith("لل") else "") + phrase).replace("_", " ")
        out: list[Mention] = []
        if person_actor is not None:
            ent = person_actor.entity()
            out.append(Mention(start, phrase_end, phrase, ent, via="title"))
            return j, out
        if agent.person:
            name = self._apposition_name(doc, self._skip_fillers(text, phrase_end))
            if name is None:
                # "المتحدث باسم عملية "بركان الغضب" التابعة لحكومة الوفاق، محمد قنونو": the name
                # follows the next comma when the words before it only qualify the title
                comma = _next_comma(text, phrase_end, 90)
                if comma is not None and not self._another_argument(text, items[j:], phrase_end, comma):
                    name = self._apposition_name(doc, comma)
                    if name is not None:
                        for s, e, kind, key, prefix in items[j:]:
                            if s >= comma:
                                break
                            if code is None and kind in ("actor", "nisba", "country"):
                                code = self.kb.actors[key].code if kind == "actor" else key
            if name is not None and self._names_a_body(items[j:], *name):
                name = None
            if name is not None:
                n_start, n_end = name
                known = next((self.kb.actors[it[3]] for it in items[j:]
                              if it[2] == "actor" and n_start <= it[0] < n_end
                              and self.kb.actors[it[3]].kind == "person"), None)
                if known is not None:
                    # the name is in the knowledge base: the title is one more mention of it
                    out.append(Mention(start, phrase_end, phrase, known.entity(), via="title"))
                    return j, out
                ent = Entity(id=None, name=text[n_start:n_end], code=code or _first(doc.meta.get("country_hint")),
                             sector=sector, kind="person")
                out.append(Mention(start, phrase_end, phrase, ent, via="title"))
                out.append(Mention(n_start, n_end, text[n_start:n_end], ent, via="apposition"))
                # skip items inside the name (a nisba in a surname such as "المصري")
                while j < len(items) and items[j][0] < n_end:
                    j += 1
                return j, out
            if name is None:
                name = self._name_before_boundary(doc, phrase_end, items, j)
                if name is not None and self._names_a_body(items[j:], *name):
                    name = None   # "قادة حركة حماس": the leaders of a body, not a person called so
                if name is not None:
                    n_start, n_end = name
                    # what stands between the title and the name qualifies it ("باسم مجلس قيادة المقاومة")
                    for s_, e_, kind_, key_, _p in items[j:]:
                        if s_ >= n_start:
                            break
                        if kind_ == "actor" and self.kb.actors[key_].kind != "media":
                            code = code or self.kb.actors[key_].code
                            if agent.inherit or sector is None:
                                sector = self.kb.actors[key_].sector
                        elif kind_ in ("nisba", "country") and code is None:
                            code = key_
                        elif kind_ == "place" and code is None:
                            code = key_.place.country
                    known = next((self.kb.actors[it[3]] for it in items[j:]
                                  if it[2] == "actor" and n_start <= it[0] < n_end
                                  and self.kb.actors[it[3]].kind == "person"), None)
                    ent = known.entity() if known else Entity(
                        id=None, name=text[n_start:n_end], code=code or _first(doc.meta.get("country_hint")),
                        sector=sector, kind="person")
                    out.append(Mention(start, phrase_end, phrase, ent, via="title"))
                    if known is None:
                        out.append(Mention(n_start, n_end, text[n_start:n_end], ent, via="apposition"))
                    # the titles and words up to the name belong to this phrase
                    while j < len(items) and items[j][0] < n_end and not (
                            items[j][2] == "actor" and items[j][0] >= n_start):
                        j += 1
                    return j, out
            before = self._name_before(doc, start) if not _plural_title(phrase) else None
            if before is not None:
                # "وقال ناصر الحاسي المتحدث باسم القوات الجوية": the name stands before its title
                # (a name of the knowledge base the words run into is that person: "عبد الله بن
                # زايد آل نهيان، وزير الخارجية")
                n_start, n_end = before
                known = next((self.kb.actors[it[3]] for it in items[:i]
                              if it[2] == "actor" and it[0] < n_end and n_start < it[1]
                              and self.kb.actors[it[3]].kind == "person"), None)
                if known is not None:   # "أحمد المسماري المتحدث باسم ...": the name is in the knowledge base
                    out.append(Mention(start, phrase_end, phrase, known.entity(), via="title"))
                    return j, out
                ent = Entity(id=None, name=text[n_start:n_end], code=code or _first(doc.meta.get("country_hint")),
                             sector=sector, kind="person")
                out.append(Mention(n_start, n_end, text[n_start:n_end], ent, via="apposition"))
                out.append(Mention(start, phrase_end, phrase, ent, via="title"))
                return j, out
            if agent.title and (code or qualifier_actor is not None) and not posting:
                # (a posted envoy or ambassador: the knowledge base does not say who held which post)
                # offices of a body are held "of" its id (الأمين العام للأمم المتحدة), of a state by its code
                holder = None
                if qualifier_actor is not None:
                    holder = self.kb.holder(agent.title, qualifier_actor.id, doc.published,
                                            country=code if code != qualifier_actor.code else None)
                if holder is None and code:
                    holder = self.kb.holder(agent.title, code, doc.published,
                                            within=qualifier_actor.id if qualifier_actor is not None else None)
                if holder is not None:
                    ent = holder.entity()
                    out.append(Mention(start, phrase_end, phrase, ent, via="title"))
                    return j, out
        if code is None and qualifier_actor is None and agent.qualified:
            return j, out   # "صواريخ"، "دبابات" alone name no side
        if code is None and qualifier_actor is None:
            # a bare agent noun ("الشرطة", "ضابط") most likely belongs to the story's country
            # ("قوات المعارضة"، "المتمردون": a country's own opposition and rebels, too)
            if (agent.person or agent.local or sector in ("MIL", "COP", "GOV", "JUD", "LEG", "REB", "OPP", "UAF")) \
                    and doc.meta.get("country_hint"):
                code = doc.meta["country_hint"][0]
                if sector in _LOCAL_SECTORS or agent.local:
                    # rebels and gunmen belong where the sentence places them ("الانفصاليين ... شرق أوكرانيا")
                    code = _sentence_country(doc, start, self._locative) or code
                ent = Entity(id=None, name=own_name, code=code, sector=sector,
                             kind="person" if agent.person else "organisation")
                out.append(Mention(start, phrase_end, phrase, ent, via="agent-default"))
            else:
                # uncoded ("وسائل إعلام"): still a speaker or claimant, never an event side
                ent = Entity(id=None, name=own_name, code=None, sector=sector,
                             kind="person" if agent.person else "organisation")
                out.append(Mention(start, phrase_end, phrase, ent, via="agent-uncoded"))
            return j, out
        ent = Entity(id=None, name=own_name, code=code, sector=sector,
                     kind="person" if agent.person else "organisation")
        out.append(Mention(start, phrase_end, phrase, ent, via="agent"))
        return j, out

    @staticmethod
    def _skip_fillers(text: str, pos: int) -> int:
        """Move past qualifiers such as "بالنيابة"، "السابق" that follow a title."""
        while True:
            m = _LEAD_WORD.match(text, pos)
            if not m or fold(m.group(1)) not in _FILLERS or fold(m.group(1)) in ("في", "ل", "لدى", "باسم"):
                return pos
            pos = m.end()

    def _another_argument(self, text: str, items: list, start: int, end: int) -> bool:
        """The words up to the comma are more than the title's qualifiers: a preposition such as مع
        or عن opens another argument, or another title or person stands there ("التقى الرئيس الجزائري
        مع سفير الولايات المتحدة، ...": the name after the comma is the ambassador's)."""
        if any(fold(w) in _NAME_STOP for w in _NAME_WORD.findall(text[start:end])):
            return True
        return any(s < end and ((kind == "agent" and self.kb.agents[key].person)
                                or (kind == "actor" and self.kb.actors[key].kind == "person"))
                   for s, e, kind, key, _p in items)

    def _given_name_here(self, text: str, word: str, end: int) -> bool:
        """A given name that is also a time word opens a name unless a day follows it:
        "صباح كرحوت" is a person, "صباح اليوم"، "صباح الأحد" a time."""
        if word not in _TIMES_OF_DAY or word not in self.given_names:
            return False
        nxt = _LEAD_WORD.match(text, end)
        return nxt is not None and fold(nxt.group(1)) not in _DAY_WORDS and not text[end:end + 4].strip()[:1].isdigit()

    def _names_a_body(self, items: list, n_start: int, n_end: int) -> bool:
        """The words taken for a name hold an organisation of the knowledge base."""
        return any(it[2] == "actor" and n_start <= it[0] < n_end and self.kb.actors[it[3]].kind != "person"
                   for it in items)

    def _apposition_name(self, doc: Doc, pos: int) -> tuple[int, int] | None:
        """A person's name right after a title: "...، أحمد المسماري،" or "... سليم الجبوري"."""
        text = doc.text
        m = _LEAD_COMMA.match(text, pos)
        comma = bool(m and m.group(1))
        k = m.end() if m else pos
        words: list[tuple[int, int]] = []
        for w in _NAME_WORD.finditer(text, k):
            between = text[(words[-1][1] if words else k):w.start()]
            if between.strip(" \t_#"):
                break
            f = fold(w.group())
            if (f in _NAME_STOP and not (not words and self._given_name_here(text, f, w.end()))) \
                    or w.group() in _RAW_STOP or len(words) >= 4:
                break
            words.append((w.start(), w.end()))
        # an honorific or rank before the name is not part of it: "الشيخ عمر الدليمي"، "العقيد ميلود الزوي"
        while len(words) > 2 and fold(text[words[0][0]:words[0][1]]) in _HONORIFICS:
            words.pop(0)
        if not words:
            return None
        first = fold(text[words[0][0]:words[0][1]])
        after = text[words[-1][1]:words[-1][1] + 3].lstrip()
        closed = after[:1] in ("،", ",", ".", "(", ":", "") or after.startswith("\n")
        if comma and closed and len(words) <= 4 and self._namelike(words, text) and not any(
                text[s:e].startswith("لل") for s, e in words):
            # (a word glued to لل is no name's: "وزير الخارجية الإماراتي، دعم بلاده للسعودية")
            return words[0][0], words[-1][1]
        if after[:1] in ("،", ",") and 2 <= len(words) <= 3 and self._namelike(words, text) and not any(
                has_article(fold(text[s:e])) for s, e in words[:1]):
            # ("قائد قوات الاحتياط بالجيش اليمني، ...": a body after a preposition is no name)
            # "... الضابط فرج أقعيم، عن": a run of names closed by a comma
            return words[0][0], words[-1][1]
        theophoric = len(words) >= 3 and fold(text[words[1][0]:words[1][1]]) == "الله" and not has_article(first)
        if (first in self.given_names and len(words) >= 2) or theophoric:
            # without a comma: the given name and one more word, more only after a particle
            # ("عبد الفتاح السيسي"، "محمد بن سلمان"); a given name compounded with الله counts
            # as one ("قريب الله الخضر"، "فضل الله حسن")
            keep = 3 if theophoric else 2
            while keep < len(words) and fold(text[words[keep - 1][0]:words[keep - 1][1]]) in _PARTICLES:
                keep += 1
            words = words[:keep]
            return words[0][0], words[-1][1]
        if self.tagger is not None:
            for s, e, label in self.tagger.entities(text[k:k + 60]):
                if label.startswith("PER") and s == 0:
                    return k, k + e
        return None

    def _name_before_boundary(self, doc: Doc, pos: int, items: list, j: int) -> tuple[int, int] | None:
        """"رئيس لجنة العدل بمجلس النواب الليبي إبراهيم عميش إن": after the title's qualifiers,
        the two words (three after a particle) right before إن/أن/لـ/في or a comma are the name."""
        text = doc.text
        words = []
        for w in _NAME_WORD.finditer(text, pos):
            gap = text[(words[-1].end() if words else pos):w.start()]
            if any(c in gap for c in ".:\n\"«»(") or len(words) > 12:
                return None
            f = fold(w.group())
            if "،" in gap or "," in gap or f in _BOUNDARY or w.group() in _RAW_STOP or (
                    f[:1] == "ل" and fold(w.group()[1:]) in MEDIA_HEADS):
                break
            words.append(w)
        else:
            return None
        if len(words) < 2:
            return None
        if any(fold(w.group()) in _OBJECT_HEADS for w in words[:-2]):
            return None   # "وثمن وزير الخارجية المصري جهود الأمير سعود الفيصل": the name is another's
        if any(kind == "agent" and self.kb.agents[key].person and pos <= s and e <= words[-2].start()
               for s, e, kind, key, prefix in items[j:]) or any(
                fold(w.group()) in ("الذي", "التي", "الذين") for w in words[:-2]):
            return None   # "الوزير الذي التقى الرئيس اللبناني ميشال عون": the name is the later title's
        run = words[-2:]
        if len(words) >= 3 and fold(words[-3].group()) in _PARTICLES | {"قريب"}:
            run = words[-3:]
        first = fold(run[0].group())
        if has_article(first) or any(fold(w.group()) in _NAME_STOP and not (
                i == 0 and self._given_name_here(text, fold(w.group()), w.end())) for i, w in enumerate(run)):
            return None   # "... قوات الاحتياط بالجيش اليمني": a body after a preposition is no name
        # a given name opens it, or a rank stands right before it ("العقيد ميلود الزوي")
        rank_before = any(kind == "agent" and e <= run[0].start() and not text[e:run[0].start()].strip()
                          for s, e, kind, key, prefix in items[j:])
        if first not in self.given_names and fold(run[0].group()) not in _PARTICLES and not rank_before:
            return None
        # the run must not be words the dictionaries already explain (a nisba, a body, a place)
        for s, e, kind, key, prefix in items[j:]:
            if s < run[-1].end() and run[0].start() < e and kind != "actor":
                return None
        return run[0].start(), run[-1].end()

    def _name_before(self, doc: Doc, start: int) -> tuple[int, int] | None:
        """Two or three words right before a title that start with a given name, or set off from
        it by a comma, a nickname or a copula: "سالم النايلي، قائد ..."، "سالم النايلي كان قائد ..."،
        "«سالم النايلي» المعروف بـ«عفاريت» كان قائد ..."."""
        text = doc.text
        bridge = _NAME_TITLE_BRIDGE.search(text, max(0, start - 90), start)
        if bridge is not None and bridge.start() < start:
            start = bridge.start()
        seg = text[max(0, start - 40):start]
        words = list(_NAME_WORD.finditer(seg))
        if not words or seg[words[-1].end():].strip():
            return None
        for n in (3, 2):
            run = words[-n:] if len(words) >= n else None
            if not run:
                continue
            if any(seg[a.end():b.start()].strip() for a, b in zip(run, run[1:])):
                continue
            first = fold(run[0].group())
            if first in self.given_names and all(fold(w.group()) not in _NAME_STOP and w.group() not in _RAW_STOP
                                                 for w in run):
                base = start - len(seg)
                return base + run[0].start(), base + run[-1].end()
        return None

    def _namelike(self, words: list[tuple[int, int]], text: str) -> bool:
        """Reject runs that are clauses, not names (a verb, a preposition)."""
        for s, e in words:
            f = fold(text[s:e])
            if f in _NAME_STOP or text[s:e] in _RAW_STOP or len(f) < 2:
                return False
        return True

    def _locative(self, doc: Doc, start: int, prefix: str) -> bool:
        if prefix in _LOCATIVE_PREFIXES:
            return True
        before = _NAME_WORD.findall(fold(doc.text[max(0, start - 30):start]))
        if before and before[-1] in _LOCATIVE:
            return True
        # "الحدود مع سوريا"، "المنطقة الحدودية بين سورية ولبنان"
        return len(before) >= 2 and before[-1] in ("مع", "بين") and strip_article(before[-2]) in _BORDER_WORDS

    def _surnames(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Later mentions of new persons by their last name, and of organisations by their head
        noun ("المرصد السوري لحقوق الإنسان" → later "المرصد")."""
        m: PhraseMatcher[Entity] = PhraseMatcher()
        first_seen: dict[str, int] = {}
        heads: dict[str, set[str]] = {}
        for men in mentions:
            # new persons, and knowledge-base persons named in full ("ريك مشار" → later "مشار")
            if men.via in ("apposition", "name") or (men.via == "kb" and men.entity.kind == "person"):
                parts = re.split(r"[\s_]+", men.text)
                if len(parts) >= 3 and fold(parts[-2]) in _PARTICLES:
                    parts = parts[:-2] + [f"{parts[-2]} {parts[-1]}"]   # "عبد الرحمن" is one name
                if len(parts) >= 2:
                    last = parts[-1]
                    # (a name found only by its given name: not a last word that reads as an
                    # adjective, "براين دولي" → not "دولي")
                    adjective = men.via == "name" and not fold(last).startswith("ال") and fold(last).endswith(("ي", "يه"))
                    if len(fold(last)) >= 3 and fold(last) not in self.given_names and not adjective:
                        m.add(last, men.entity, definite_forms=False)
            elif men.via == "kb" and men.entity.kind not in ("person", "state", None):
                parts = fold(men.text).split()
                if len(parts) >= 2 and has_article(parts[0]) and len(parts[0]) >= 5 \
                        and parts[0] not in self._agent_words:
                    heads.setdefault(parts[0], set()).add(men.entity.key)
                    first_seen.setdefault(men.entity.key, men.end)
                    if len(heads[parts[0]]) == 1:
                        m.add(parts[0], men.entity, definite_forms=False)
        if not len(m):
            return []
        taken = [(x.start, x.end) for x in mentions]
        out = []
        for hit in m.find(doc.norm):
            if any(s < hit.end and hit.start < e for s, e in taken):
                continue
            ent = hit.payload
            if ent.kind != "person":
                # a head noun names the organisation only after it was named in full, and only
                # when no other organisation of the text shares it
                if hit.start < first_seen.get(ent.key, 0) or len(heads.get(fold(hit.text), ())) != 1:
                    continue
            out.append(Mention(hit.start, hit.end, hit.text, ent, via="surname"))
        return out


# Mentions coded by a guess from a bare agent noun: a body named in full replaces them.
_GUESSED = frozenset({"agent-uncoded", "agent-default"})


def _covered(size: int, spans) -> bytearray:
    """One byte per character of the text, set where one of `spans` (anything with start/end) lies."""
    out = bytearray(size + 1)
    for x in spans:
        out[x.start:x.end] = b"\x01" * (x.end - x.start)
    return out


def _merged(mentions: list[Mention], added: list[Mention], replacing: list[Mention],
            only_guessed: bool = True) -> list[Mention]:
    """`mentions` and `added` in text order; a mention inside one of `replacing` gives way to it
    (with `only_guessed`, only a mention coded by a guess)."""
    if not added:
        return mentions
    kept = [m for m in mentions if not ((m.via in _GUESSED or not only_guessed)
                                        and any(r.start <= m.start < r.end for r in replacing))]
    return sorted(kept + added, key=lambda m: (m.start, -m.end))


# The words that make the name after them a side's leader ("التحالف بقيادة السعودية"، "قوات بزعامة
# حفتر"، "وفد برئاسة مصر"): folded, as regex stems written with ة or ه, and the regexes on raw text.
_LEADER_WORDS = frozenset(fold(w) for w in ("بقيادة", "بزعامة", "برئاسة"))
_LEADER = r"(?:بقياد|بزعام|برئاس)[ةه]\s+"
LED_BY = re.compile(_LEADER + r"(?:ال)?$")      # right before a name: the name leads the side
_LEADER_INSIDE = re.compile(_LEADER + r"|(?:الذي|التي)\s+تقود(?:ه|ها)?\s+")   # inside a longer name


def _breaks_phrase(gap: str) -> bool:
    """The text between two matches ends a phrase: a comma, a line break or a word that is no filler."""
    if "\n" in gap:
        return True
    folded = fold(gap)
    return "," in folded or any(w not in _FILLERS for w in folded.split())


def _next_comma(text: str, pos: int, limit: int) -> int | None:
    """Offset of the next comma within `limit` characters, if no sentence stop or quote comes first."""
    for i in range(pos, min(len(text), pos + limit)):
        ch = text[i]
        if ch in "،,":
            return i
        if ch in ".!?؟\n:":
            return None
    return None


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _sentence_country(doc: Doc, pos: int, locative) -> str | None:
    """The country of the place nearest to `pos` in its sentence."""
    sent = doc.sentence_at(pos)
    if sent is None:
        return None
    # a capital that stands for its state ("المدعومة من أنقرة") places nobody; "شمال بغداد" does
    capitals = [(m.start, m.end) for m in doc.meta.get("kb_matches", [])
                if m.payload[0] == "capital" and sent.start <= m.start < sent.end
                and not locative(doc, m.start, m.prefix)]
    near = [(p.start, p.place.country) for p in doc.places if sent.start <= p.start < sent.end and p.place.country
            and not any(s < p.end and p.start < e for s, e in capitals)]
    # a country named as a location: "في شمال العراق"
    near += [(m.start, m.payload[1]) for m in doc.meta.get("kb_matches", [])
             if m.payload[0] == "country" and sent.start <= m.start < sent.end and locative(doc, m.start, m.prefix)]
    if not near:
        return None
    return min(near, key=lambda p: abs(p[0] - pos))[1]


# titles in the plural name several people ("أمام قادة الدول العربية"), never one named before
_PLURAL_TITLES = frozenset(fold(w) for w in (
    "قادة", "زعماء", "رؤساء", "وزراء", "سفراء", "ممثلي", "ممثلو", "أعضاء", "قيادات", "نواب", "مسؤولون", "مسؤولين",
    "مسؤولي", "مسؤولو", "ضباط", "جنرالات", "مبعوثي", "مستشاري", "قضاة", "نظراء", "نظرائه"))


def _plural_title(phrase: str) -> bool:
    words = fold(phrase).split()
    return bool(words) and strip_article(words[0].lstrip("و")) in _PLURAL_TITLES


def _title_coreference(mentions: list[Mention], text: str, speakers: frozenset[str] = frozenset()) -> list[Mention]:
    """"الوزير الفرنسي" after "وزير الخارجية الفرنسي جان إيف لودريان"، "المبعوث" after "المبعوث
    الروسي ألكسندر لافرينتيف": a shorter title of the same country refers back to the last person
    introduced with that title. An office followed by a rank and a name ("قائد قوات الاحتياط في
    الجيش اليمني اللواء سمير الحاج") is that person's title too."""
    mentions = list(mentions)
    for k, m in enumerate(mentions):
        if m.via not in ("agent", "agent-default") or m.entity.id is not None or m.entity.kind != "person" \
                or _plural_title(m.text):
            continue
        pos, gap_words = m.end, []
        for x in mentions[k + 1:]:
            if x.start < pos:
                continue
            gap_words += fold(text[pos:x.start]).replace("#", " ").split()
            # only definite nouns (never a verb or a complementiser), prepositions and ranks
            if len(gap_words) > 6 or _CLAUSE_BREAK.search(text[pos:x.start]) or any(
                    w not in _TITLE_GAP_WORDS and (not has_article(w) or w in _NOT_NOUNS) for w in gap_words):
                break
            if x.entity.kind == "person":
                if x.via in ("title", "kb", "apposition") and x.entity.code and (
                        x.entity.code == m.entity.code or m.via == "agent-default"):
                    mentions[k] = Mention(m.start, m.end, m.text, x.entity, via="title")
                break
            pos = x.end   # a qualifier of the office ("في الجيش اليمني"): look past it
    out: list[Mention] = []
    for m in mentions:
        demonstrative = m.entity.kind == "person" and m.via in ("agent", "agent-default", "title") and bool(
            _DEMONSTRATIVE_BEFORE.search(text, max(0, m.start - 8), m.start))
        if demonstrative:
            # "وأكد هذا الناطق ...": this spokesman is the one just named, whoever holds the office
            head = _title_head(m.text)
            prev = next((p for p in reversed(out) if p.entity.kind == "person" and p.via in ("title", "apposition")
                         and p.entity is not m.entity and head in {_title_head(w) for w in p.text.split()}), None)
            if prev is not None:
                m = Mention(m.start, m.end, m.text, prev.entity, via="title")
        elif m.via in ("agent", "agent-default") and m.entity.id is None and m.entity.kind == "person" \
                and m.entity.code and not _plural_title(m.text):
            head = _title_head(m.text)
            found: list[Mention] = []
            for prev in reversed(out):
                # a title coded only by the story's country ("المبعوث") may refer to any country's;
                # a shorter title refers back to a longer one, never the other way ("رئيس مجلس
                # المحافظة" is not "الرئيس")
                if prev.via != "title" or prev.entity.kind != "person" or not (
                        prev.entity.code == m.entity.code or m.via == "agent-default"):
                    continue
                # the title as first written runs up to the name ("قائد قوات الاحتياط في
                # #الجيش_اليمني اللواء سمير الحاج")
                name = next((x for x in mentions if x.entity is prev.entity and prev.end <= x.start < prev.end + 80
                             and x.via in ("apposition", "kb")), None)
                long = text[prev.start:name.start] if name is not None else prev.text
                if head in _title_words(long) and _refers_back(m.text, long):
                    found.append(prev)
                    if m.via != "agent-default":
                        break
            if found:
                # a bare title ("يقول المبعوث") of any country is the one who has been speaking, not
                # one met along the way ("بعد محادثات مع مبعوث الأمم المتحدة ...")
                pick = next((f for f in found if f.entity.key in speakers), found[0]) \
                    if m.via == "agent-default" else found[0]
                m = Mention(m.start, m.end, m.text, pick.entity, via="title")
        out.append(m)
    return out


# Nouns that open an object, not a title's qualifier: the name after them is someone else's.
_OBJECT_HEADS = frozenset(fold(w) for w in (
    "جهود", "دور", "مواقف", "موقف", "مساعي", "مبادرة", "حرص", "إنجازات", "تضحيات", "مقتل", "اغتيال",
    "اعتقال", "زيارة", "رسالة", "اتصالا", "دعوة", "تصريحات"))
_CLAUSE_BREAK = re.compile(r"[،,.؛;:\"«»()\n]")
_DEMONSTRATIVE_BEFORE = re.compile(r"(?:^|\s)(?:هذا|هذه|ذلك|تلك)\s+$")
# Words that open with ال yet are no noun: relative pronouns and verbs (التقى، ألغى).
_NOT_NOUNS = frozenset(fold(w) for w in (
    "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي", "التقى", "التقت", "التقوا",
    "ألغى", "ألغت", "التزم", "التزمت", "التحق", "التحقت", "الا", "إلا"))
# Words that may stand between an office and the name of its holder: prepositions and ranks.
_TITLE_GAP_WORDS = frozenset(fold(w) for w in (
    "في", "ب", "لدى", "الدكتور", "د", "اللواء", "العميد", "العقيد", "الفريق", "المشير", "الشيخ", "السيد",
    "السيدة", "المهندس", "الأستاذ", "القاضي", "الرائد", "النقيب", "المقدم", "معالي", "سعادة"))

def _posted_to(text: str, start: int) -> bool:
    """The word before `start` is إلى/لدى/في: a posting or a location, not a body."""
    before = _NAME_WORD.findall(text[max(0, start - 8):start])
    return bool(before) and fold(before[-1]) in _POSTING_WORDS


# Offices held somewhere abroad: "إلى X"، "لدى X" after them is the posting, not a visit.
_POSTED_TITLES = frozenset({"ambassador", "envoy"})
_POSTING_WORDS = frozenset(fold(w) for w in ("إلى", "الى", "لدى", "في"))
_HONORIFICS = _TITLE_GAP_WORDS - {fold(w) for w in ("في", "ب", "لدى")}


def _title_words(phrase: str) -> set[str]:
    """The words of a title without article and qualifiers ("الوزير الفرنسي السابق" → وزير، فرنسي)."""
    return {strip_article(w) for w in _NAME_WORD.findall(fold(phrase)) if w not in _FILLERS}


def _refers_back(short: str, long: str) -> bool:
    """`short` may name again the holder of `long`: every noun of it is in `long` ("الوزير
    الفرنسي" → "وزير الخارجية الفرنسي"); adjectives may differ in form ("المبعوث الأممي" →
    "مبعوث الأمم المتحدة"), but "رئيس مجلس المحافظة" is not "الرئيس"."""
    have = _title_words(long)
    return all(w in have or w.endswith(("ي", "يه", "يون", "يين")) for w in _title_words(short))


def _title_head(phrase: str) -> str:
    words = fold(phrase).split()
    return strip_article(words[0]) if words else ""
