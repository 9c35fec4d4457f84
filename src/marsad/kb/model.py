"""Typed records of the knowledge base and the queries the extractors need."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

from ..doc import Entity

QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
EVENT_TYPES = tuple(QUAD)
SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split()
)
NONSTATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "INT", "KUR"})


@dataclass
class Country:
    iso3: str
    iso2: str | None
    name_en: str
    names: list[str]
    nisba: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    capital_en: str | None = None
    region: str | None = None
    ambiguous: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.name_en

    def entity(self) -> Entity:
        return Entity(id=f"country.{self.iso3.lower()}", name=self.name, code=self.iso3, sector=None,
                      name_en=self.name_en, kind="state")


@dataclass
class Role:
    title: str
    of: str | None
    start: date | None
    end: date | None
    org: str | None = None
    sector: str | None = None

    def active(self, on: date | None) -> bool:
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass
class Actor:
    id: str
    name: str
    name_en: str | None
    aliases: list[str]
    kind: str
    code: str | None
    sectors: list[str]
    wikidata: str | None = None
    roles: list[Role] = field(default_factory=list)
    # names that are common words too ("القاعدة": al-Qaeda, or "the base"): this actor only next to
    # one of the `context` words ("عناصر القاعدة"، "المرتبطة بالقاعدة"، "القاعدة وداعش")
    ambiguous_aliases: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)

    @property
    def sector(self) -> str | None:
        return self.sectors[0] if self.sectors else None

    def entity(self) -> Entity:
        return Entity(id=self.id, name=self.name, code=self.code, sector=self.sector,
                      name_en=self.name_en, kind=self.kind, wikidata=self.wikidata)


@dataclass
class Agent:
    words: list[str]
    sectors: list[str]
    title: str | None = None
    person: bool = False
    inherit: bool = False
    qualified: bool = False   # names a side only with a nisba or actor after it ("دبابة إسرائيلية")
    local: bool = False       # bare, it belongs to where the sentence places it ("المتظاهرون")
    bystander: bool = False   # suffers, sees or tells of violence, never does it ("المدنيين"، "شهود عيان")

    @property
    def sector(self) -> str | None:
        return self.sectors[0] if self.sectors else None


@dataclass
class LexEntry:
    id: str
    type: str
    mode: str | None
    cameo: str | None
    verbs: list[str] = field(default_factory=list)
    nouns: list[str] = field(default_factory=list)
    participles: list[str] = field(default_factory=list)
    passive: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    recipient_preps: list[str] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    examples: list[dict] = field(default_factory=list)
    # the masdar's genitive is whom it is done to, never the doer: "مقتل القائد"، "اغتيال الصحفي"
    noun_object: bool = False
    # the verb takes the masdar of another act as its object ("رفضت إيران التفاوض مع واشنطن"،
    # "ألغت بيونغ يانغ محادثات مع سول"): that act has not happened, and its sides say whom it rebuffs
    masdar_object: bool = False

    @property
    def quad(self) -> int:
        return QUAD[self.type]


@dataclass
class KnowledgeBase:
    countries: dict[str, Country]
    actors: dict[str, Actor]
    agents: list[Agent]
    lexicon: list[LexEntry]
    cues: dict
    sources: list[str] = field(default_factory=list)
    _holders: dict[tuple[str, str], list[tuple[Role, Actor]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.index_roles()

    def index_roles(self) -> None:
        self._holders = {}
        for actor in self.actors.values():
            for role in actor.roles:
                self._holders.setdefault((role.title, role.of or ""), []).append((role, actor))
                if role.org and role.org != role.of:
                    # "سفيرة الولايات المتحدة لدى الأمم المتحدة" is found by the body too
                    self._holders.setdefault((role.title, role.org), []).append((role, actor))

    @cached_property
    def speech_forms(self) -> frozenset[str]:
        """Folded forms of the speech verbs of cues.yaml (قال، أكد، أضاف ...)."""
        from ..text.normalize import fold

        verbs = (self.cues or {}).get("speech_verbs", []) or []
        return frozenset(fold(f) for v in verbs for f in (v.get("forms") or []))

    def is_speech_verb(self, word: str) -> bool:
        """The folded word is a speech verb, alone or after و/ف ("وقال"، "فأكد")."""
        forms = self.speech_forms
        return word in forms or (word[:1] in ("و", "ف") and word[1:] in forms)

    def holder(self, title: str, of: str, on: date | None, within: str | None = None,
               country: str | None = None) -> Actor | None:
        """Who held office `title` of `of` (ISO3 or actor id) on the day `on`. A post held at a body
        (the US ambassador at the UN) is found only when that body is `of` or `within`: the US
        ambassador in Algiers is someone else. Found through the body, the post is that of
        `country` when one is given (the UN has many ambassadors)."""
        for role, actor in self._holders.get((title, of), []):
            if role.org and role.org not in (of, within):
                continue
            if role.of != of and role.of and role.of != country:
                continue
            if role.active(on):
                return actor
        return None

    def country(self, iso3: str | None) -> Country | None:
        return self.countries.get(iso3) if iso3 else None
