"""Turn what a user types for an actor or a place into stored ids.

An actor may be given as a code (`USA`, `LBY`), an Arabic name in any spelling the press uses
(matched folded against entity names, the words that named the entity in the texts, and the
knowledge-base aliases), or an English name (entities' `name_en`, English country names and
adjectives of nationality). A state (a country entity, a country name, a nisba) stands for every
actor of that country: `code` matching.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import or_, select

from ..text.normalize import fold
from ..store import schema as S

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "kb" / "data" / "ask" / "questions.yaml"
CODE_RE = re.compile(r"^[A-Z]{3}$")
STATE_KINDS = {"state", "country"}


@dataclass
class Side:
    """One side of a relation: any of these entity ids, codes or places."""

    label: str = ""
    entity_ids: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    place_ids: set[str] = field(default_factory=set)

    def empty(self) -> bool:
        return not (self.entity_ids or self.codes or self.place_ids)

    def merge(self, other: "Side") -> "Side":
        self.entity_ids |= other.entity_ids
        self.codes |= other.codes
        self.place_ids |= other.place_ids
        self.label = self.label or other.label
        return self

    def as_dict(self) -> dict:
        return {"label": self.label, "entity_ids": sorted(self.entity_ids), "codes": sorted(self.codes),
                "place_ids": sorted(self.place_ids)}


@lru_cache(maxsize=1)
def question_vocab() -> dict:
    with open(QUESTIONS_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def _kb():
    try:
        from ..kb import load_kb

        return load_kb()
    except Exception:  # the store works without a knowledge base (e.g. a bare database)
        return None


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded Arabic names, nisbas, capitals and lower-case English names → ISO3."""
    out: dict[str, str] = {}
    kb = _kb()
    if kb is not None:
        for iso3, c in kb.countries.items():
            for n in list(c.names) + list(c.nisba):
                out[fold(n)] = iso3
                out["ال" + fold(n)] = iso3
            if c.name_en:
                out[c.name_en.lower()] = iso3
                out["the " + c.name_en.lower()] = iso3
    for word, code in (question_vocab().get("demonyms_en") or {}).items():
        if code:
            out[str(word).lower()] = code
    return out


def arabic_country_names(code: str) -> list[str]:
    """Folded Arabic names and nisbas of a country (for text search)."""
    kb = _kb()
    c = kb.countries.get(code) if kb is not None else None
    if c is None:
        return []
    return [fold(n) for n in [*c.names[:3], *c.nisba[:2], *c.capitals[:1]]]


@lru_cache(maxsize=1)
def kb_aliases() -> dict[str, set[str]]:
    """Folded alias (and lower-case English name) → kb actor ids."""
    out: dict[str, set[str]] = {}
    kb = _kb()
    if kb is not None:
        for actor in kb.actors.values():
            for n in [actor.name, *actor.aliases]:
                out.setdefault(fold(n), set()).add(actor.id)
            if actor.name_en:
                out.setdefault(actor.name_en.lower(), set()).add(actor.id)
    return out


def _variants(f: str) -> list[str]:
    out = [f]
    if f.startswith("ال") and len(f) > 4:
        out.append(f[2:])
    elif not f.isascii():
        out.append("ال" + f)
    return out


def resolve(conn, text: str, places: bool = False) -> Side:
    """Resolve a user's actor (or, with places=True, also a place) to a Side."""
    side = Side(label=text)
    text = (text or "").strip()
    if not text:
        return side
    if CODE_RE.match(text):
        side.codes.add(text)
        return side
    f = fold(text)
    variants = _variants(f)
    cn = country_names()
    for v in variants:
        if v in cn:
            side.codes.add(cn[v])
    if side.codes:
        return side
    for v in variants:
        side.entity_ids |= kb_aliases().get(v, set())
    en = S.entity_names
    rows = conn.execute(select(en.c.entity_id).where(en.c.name_fold.in_(variants))).scalars().all()
    side.entity_ids.update(rows)
    if not side.entity_ids and len(f) >= 3:
        # a surname or a shorter form: word-boundary containment ("Haftar" in "khalifa haftar")
        conds = [en.c.name_fold.like(f"{v} %") for v in variants]
        conds += [en.c.name_fold.like(f"% {v}") for v in variants]
        rows = conn.execute(select(en.c.entity_id).where(or_(*conds)).distinct().limit(200)).scalars().all()
        side.entity_ids.update(rows)
    _states_to_codes(conn, side)
    if places:
        pl = S.places
        rows = conn.execute(select(pl.c.id).where(or_(pl.c.name_fold.in_(variants),
                                                      pl.c.name_en.ilike(text)))).scalars().all()
        side.place_ids.update(rows)
    return side


def _states_to_codes(conn, side: Side) -> None:
    if not side.entity_ids:
        return
    e = S.entities
    for eid, code, kind in conn.execute(select(e.c.id, e.c.code, e.c.kind).where(e.c.id.in_(side.entity_ids))):
        if code and (kind in STATE_KINDS or eid.startswith("country.")):
            side.codes.add(code)


def side_from_entity(conn, ent: dict) -> Side:
    """A Side from an analysed entity (the question's own entities)."""
    side = Side(label=ent.get("name") or ent.get("entity_text") or "")
    code = ent.get("code")
    if ent.get("kind") in STATE_KINDS or (ent.get("id") or "").startswith("country."):
        if code:
            side.codes.add(code)
        return side
    if (ent.get("id") or "").startswith("place."):
        # a place as a party: events towards it, and events that happened there
        side.entity_ids.add(ent["id"])
        side.place_ids.add("gn:" + ent["id"][len("place."):])
        return side.merge(resolve(conn, ent.get("name") or "", places=True))
    if ent.get("id"):
        side.entity_ids.add(ent["id"])
        kb = _kb()
        actor = kb.actors.get(ent["id"]) if kb is not None else None
        if actor is not None and actor.kind == "state_body" and actor.sector == "GOV" and actor.code:
            # "the Syrian government" is also the state the texts call "سوريا" or "دمشق"
            side.entity_ids.add(f"country.{actor.code.lower()}")
        return side
    # made up from context: look its words up among stored names
    return resolve(conn, ent.get("entity_text") or ent.get("name") or "", places=True)
