"""`marsad kb validate|search|show`: checks on the knowledge-base data and lookups for people."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date
from typing import Any

from ..text.normalize import fold
from .loader import KBError, load_kb
from .model import EVENT_TYPES, NONSTATE_CODES, SECTORS, KnowledgeBase


KINDS = frozenset({"person", "organisation", "state_body", "armed_group", "party", "igo", "media"})
# Role titles shared by actors/*.yaml and agents.yaml.
ROLE_TITLES = frozenset({
    "head_of_state", "president", "vice_president", "king", "emir", "crown_prince", "prime_minister",
    "deputy_prime_minister", "foreign_minister", "defence_minister", "interior_minister", "finance_minister",
    "oil_minister", "national_security_adviser", "speaker", "secretary_general", "envoy", "spokesman",
    "commander", "chief_of_staff", "leader", "governor", "ambassador", "mayor", "minister",
})
# Offices one person holds at a time for a given `of`: two holders on one day are an error
# (roles run from `from` up to, not including, `to`).
EXCLUSIVE_TITLES = ROLE_TITLES - {"minister", "deputy_prime_minister", "vice_president", "spokesman", "commander",
                                  "ambassador", "governor", "mayor"}


def _valid_code(code: str | None, kb: KnowledgeBase) -> bool:
    return code is None or code in kb.countries or code in NONSTATE_CODES


def _schema_problems(kb: KnowledgeBase) -> list[str]:
    problems = []
    for actor in kb.actors.values():
        where = f"actor {actor.id}"
        if "." not in actor.id or actor.id != actor.id.lower() or " " in actor.id:
            problems.append(f"{where}: id must be <group>.<slug> in lower case")
        if actor.kind not in KINDS:
            problems.append(f"{where}: unknown kind {actor.kind!r}")
        if not actor.code:
            problems.append(f"{where}: no code")
        if not actor.sectors:
            problems.append(f"{where}: no sector")
        if not actor.name_en:
            problems.append(f"{where}: no name_en")
        for r in actor.roles:
            if r.title not in ROLE_TITLES:
                problems.append(f"{where}: unknown role title {r.title!r}")
            if not r.of or not (_valid_code(r.of, kb) or r.of in kb.actors):
                problems.append(f"{where}: role {r.title} of unknown {r.of!r}")
            if r.org and r.org not in kb.actors:
                problems.append(f"{where}: role {r.title} in unknown org {r.org!r}")
            if r.sector and r.sector not in SECTORS:
                problems.append(f"{where}: role {r.title} with unknown sector {r.sector!r}")
            if r.start is None:
                problems.append(f"{where}: role {r.title} without a start date")
    return problems


def validate(dirs: tuple[str, ...] | list[str] = ()) -> tuple[list[str], dict[str, int]]:
    """Problems found (one line each) and entry counts. An empty list means the data is sound."""
    try:
        kb = load_kb(tuple(dirs))
    except KBError as exc:
        return [str(exc)], {}
    problems: list[str] = _schema_problems(kb)
    alias_owner: dict[str, str] = {}
    for actor in kb.actors.values():
        if not _valid_code(actor.code, kb):
            problems.append(f"actor {actor.id}: unknown code {actor.code!r}")
        for s in actor.sectors:
            if s not in SECTORS:
                problems.append(f"actor {actor.id}: unknown sector {s!r}")
        for alias in actor.aliases:
            key = fold(alias)
            other = alias_owner.get(key)
            if other and other != actor.id:
                problems.append(f"alias {alias!r} belongs to {other} and {actor.id}")
            alias_owner[key] = actor.id
        if actor.ambiguous_aliases and not actor.context:
            problems.append(f"actor {actor.id}: ambiguous aliases without context words")
        for r in actor.roles:
            if r.start and r.end and r.start >= r.end:
                problems.append(f"actor {actor.id}: role {r.title} ends before it starts")
    by_office: dict[tuple[str, str], list] = defaultdict(list)
    for actor in kb.actors.values():
        if actor.kind != "person":
            continue
        for r in actor.roles:
            by_office[(r.title, r.of or "")].append((r, actor.id))
    for (title, of), held in by_office.items():
        if title not in EXCLUSIVE_TITLES:
            continue
        held.sort(key=lambda x: x[0].start or date.min)
        for (r1, a1), (r2, a2) in zip(held, held[1:]):
            if a1 != a2 and (r1.end is None or (r2.start is not None and r2.start < r1.end)):
                problems.append(f"office {title} of {of}: {a1} and {a2} overlap")
    for e in kb.lexicon:
        if e.type not in EVENT_TYPES:
            problems.append(f"lexicon {e.id}: unknown type {e.type!r}")
        if not (e.verbs or e.nouns or e.participles or e.passive or e.phrases):
            problems.append(f"lexicon {e.id}: no trigger")
    word_owner: dict[str, int] = {}
    for i, a in enumerate(kb.agents):
        for s in a.sectors:
            if s not in SECTORS:
                problems.append(f"agent {a.words[:1]}: unknown sector {s!r}")
        if a.title is not None and a.title not in ROLE_TITLES:
            problems.append(f"agent {a.words[:1]}: unknown title {a.title!r}")
        for w in a.words:
            key = fold(w)
            if key in word_owner and word_owner[key] != i:
                problems.append(f"agent word {w!r} listed twice (entries {word_owner[key]} and {i})")
            word_owner[key] = i
    counts = {"countries": len(kb.countries), "actors": len(kb.actors), "agents": len(kb.agents),
              "lexicon": len(kb.lexicon), "aliases": len(alias_owner)}
    return problems, counts


def search(kb: KnowledgeBase, name: str, limit: int = 20) -> list[dict[str, Any]]:
    q = fold(name)
    rows: list[tuple[int, dict[str, Any]]] = []
    for actor in kb.actors.values():
        names = [fold(a) for a in actor.aliases] + [fold(actor.name_en or ""), actor.id.lower()]
        score = 0 if q in names else 1 if any(q in n for n in names if n) else None
        if score is not None:
            rows.append((score, {"id": actor.id, "name": actor.name, "name_en": actor.name_en, "code": actor.code,
                                 "sector": actor.sector, "kind": actor.kind}))
    for c in kb.countries.values():
        names = [fold(n) for n in c.names + c.nisba] + [fold(c.name_en), c.iso3.lower()]
        score = 0 if q in names else 1 if any(q in n for n in names if n) else None
        if score is not None:
            rows.append((score, {"id": f"country.{c.iso3.lower()}", "name": c.name, "name_en": c.name_en,
                                 "code": c.iso3, "kind": "state"}))
    rows.sort(key=lambda r: (r[0], r[1]["name"]))
    return [r for _, r in rows[:limit]]


def show(kb: KnowledgeBase, ident: str) -> dict[str, Any] | None:
    if ident in kb.actors:
        return asdict(kb.actors[ident])
    if ident.startswith("country."):
        c = kb.countries.get(ident.split(".", 1)[1].upper())
        return asdict(c) if c else None
    return None
