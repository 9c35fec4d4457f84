"""`marsad kb validate|search|show`: checks on the knowledge-base data and lookups for people."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date
from typing import Any

from ..text.normalize import fold
from .loader import KBError, load_kb
from .model import EVENT_TYPES, NONSTATE_CODES, SECTORS, KnowledgeBase


def _valid_code(code: str | None, kb: KnowledgeBase) -> bool:
    return code is None or code in kb.countries or code in NONSTATE_CODES


def validate(dirs: tuple[str, ...] | list[str] = ()) -> tuple[list[str], dict[str, int]]:
    """Problems found (one line each) and entry counts. An empty list means the data is sound."""
    try:
        kb = load_kb(tuple(dirs))
    except KBError as exc:
        return [str(exc)], {}
    problems: list[str] = []
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
        for r in actor.roles:
            if r.start and r.end and r.start > r.end:
                problems.append(f"actor {actor.id}: role {r.title} ends before it starts")
    by_office: dict[tuple[str, str], list] = defaultdict(list)
    for actor in kb.actors.values():
        if actor.kind != "person":
            continue
        for r in actor.roles:
            by_office[(r.title, r.of or "")].append((r, actor.id))
    exclusive = {"head_of_state", "president", "king", "emir", "prime_minister", "foreign_minister",
                 "defence_minister", "secretary_general"}
    for (title, of), held in by_office.items():
        if title not in exclusive:
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
    for a in kb.agents:
        for s in a.sectors:
            if s not in SECTORS:
                problems.append(f"agent {a.words[:1]}: unknown sector {s!r}")
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
