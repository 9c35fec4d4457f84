"""The one data model every stage annotates: a `Doc` over the clean article text.

Like spaCy's Doc, it holds the text once and a list of annotations per kind; every
annotation carries `start`/`end` character offsets into `Doc.text`, so each record that
leaves the system can point at its evidence.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from .text.dateline import dateline_end
from .text.normalize import NormText, fold, normalize, strip_article


@dataclass(frozen=True)
class Entity:
    """A resolved actor: a knowledge-base entry, or one made up from context (id None)."""

    id: str | None
    name: str
    code: str | None
    sector: str | None = None
    name_en: str | None = None
    kind: str | None = None
    wikidata: str | None = None

    @property
    def key(self) -> str:
        return self.id or f"{self.code}:{_name_key(self.name)}"


@functools.lru_cache(maxsize=1 << 14)
def _name_key(name: str) -> str:
    """One key for the spellings of a made-up entity's name: "#الجيش_اليمني"، "للجيش اليمني"،
    "جيش اليمني" → "جيش يمني"; "المسؤولين الأميركيين"، "مسؤولون أميركيون" → "مسؤولون اميركيون"
    (folded, underscores as spaces, no articles, the sound plural in one case)."""
    raw = fold(name).replace("_", " ").split()
    if len(raw) >= 2 and raw[0] in _FORCE_WORDS and raw[1].startswith("ال"):
        raw = raw[1:]   # "قوات الجيش الليبي" is the Libyan army: one key with "الجيش الليبي"
    words = []
    for w in raw:
        w = strip_article(w)
        if len(w) >= 5 and w.endswith("ين"):
            w = w[:-2] + "ون"
        words.append(w)
    return " ".join(words)


# Words for the men of a body, dropped from the front of its key: "قوات"، "عناصر".
_FORCE_WORDS = frozenset(fold(w) for w in ("قوات", "عناصر", "وحدات", "أفراد", "مقاتلو", "مقاتلي"))


@dataclass
class Mention:
    start: int
    end: int
    text: str
    entity: Entity
    via: str = "kb"          # kb | title | apposition | surname | pronoun | nisba | ner
    is_nisba: bool = False   # an adjective (الأميركي) rather than a name
    is_metonym: bool = False  # a capital city standing for its state (واشنطن)


@dataclass(frozen=True)
class Place:
    name: str
    name_en: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str
    grain: str = "day"


@dataclass
class Quote:
    start: int
    end: int
    text: str
    cue: str
    direct: bool
    speaker: Mention | None
    date: str | None = None
    cue_start: int | None = None


@dataclass
class Event:
    type: str
    start: int               # evidence sentence
    end: int
    trigger_start: int
    trigger_end: int
    actors: list[Mention]
    recipients: list[Mention]
    mode: str | None = None
    cameo: str | None = None
    negated: bool = False
    hedged: bool = False
    attributed_to: Mention | None = None
    date: str | None = None
    place: str | None = None
    confidence: float = 0.5
    rule: str = ""


class Token(NamedTuple):
    """A word of the text (a tuple: hundreds are made per article, on the hot path)."""
    start: int
    end: int
    text: str
    norm: str       # folded surface form
    stem: str       # folded form with a leading article chain removed


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Doc:
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    source_id: str | None = None
    id: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # bodies and states named inside another actor's phrase: a person's title ("باسم القوات الخاصة
    # الليبية") or a side's leader ("التحالف بقيادة السعودية"). Listed as entities of the article,
    # never sides or speakers of their own (the person holding the title, the side led, is)
    inner_bodies: list[Mention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def norm(self) -> NormText:
        return normalize(self.text)

    @cached_property
    def dateline_end(self) -> int:
        """Where the opening dateline ("دبي، الإمارات العربية المتحدة (CNN)--") ends, else 0: what
        stands before places the newsroom, not the story."""
        return dateline_end(self.text)

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if 0 <= i < len(self.sentences) and self.sentences[i].start <= pos < max(self.sentences[i].end, pos + 1):
            return self.sentences[i]
        return None

    def token_index(self, pos: int) -> int:
        """Index of the token that starts at or before `pos`."""
        return bisect.bisect_right(self._token_starts, pos) - 1

    def tokens_in(self, start: int, end: int) -> list[Token]:
        lo = bisect.bisect_left(self._token_starts, start)
        hi = bisect.bisect_left(self._token_starts, end)
        return self.tokens[lo:hi]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def invalidate(self) -> None:
        """Call after replacing tokens or sentences."""
        for name in ("_token_starts", "_sentence_starts"):
            self.__dict__.pop(name, None)
