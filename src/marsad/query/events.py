"""Event filters over a Store.

`query_events` returns one dict per event, shaped like the analyze contract's events plus the
article's title, source, url and story:
{"id", "article_id", "story_id", "date", "event", "mode", "cameo", "quad_code",
 "actor": [Entity], "recipient": [Entity], "negated", "hedged", "attributed_to": Entity|null,
 "place", "place_country", "lat", "lon", "text_info", "event_text", "confidence", "rule",
 "title", "published", "source", "url"}
`--country C` keeps events with an actor or a recipient of country C, or that took place in C.
A recipient filter also matches the event's place ("who attacked Gharyan").
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, Iterable

from sqlalchemy import and_, false, func, or_, select

from ..store import schema as S
from .resolve import Side, resolve

E, A, P, EA, ENT = S.events, S.articles, S.places, S.event_actors, S.entities


def _as_date(v) -> date | None:
    if v is None or v == "":
        return None
    if isinstance(v, date):
        return v
    s = str(v)
    if len(s) == 4:
        s += "-01-01"
    elif len(s) == 7:
        s += "-01"
    return date.fromisoformat(s)


def _as_until(v) -> date | None:
    """An `until` of a year or month means its last day."""
    if v is None or v == "" or isinstance(v, date):
        return v or None
    s = str(v)
    if len(s) == 4:
        return date(int(s), 12, 31)
    if len(s) == 7:
        y, m = int(s[:4]), int(s[5:7])
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date.fromisoformat(s)


def side_condition(side: Side, role: str, probe: bool = False):
    """SQL condition: the event has `role` played by `side` (or, for recipients, happened at its place).
    probe=True checks each candidate event (EXISTS) instead of listing the side's events (IN)."""
    conds = []
    match = []
    if side.entity_ids:
        match.append(EA.c.entity_id.in_(sorted(side.entity_ids)))
    if side.codes:
        match.append(EA.c.code.in_(sorted(side.codes)))
    if match:
        if probe:
            conds.append(select(EA.c.event_id).where(and_(EA.c.event_id == E.c.id, EA.c.role == role,
                                                          or_(*match))).exists())
        else:
            conds.append(E.c.id.in_(select(EA.c.event_id).where(and_(EA.c.role == role, or_(*match)))))
    if side.place_ids and role == "recipient":
        conds.append(E.c.place_id.in_(sorted(side.place_ids)))
    return or_(*conds) if conds else false()


def side_size(conn, side: Side, role: str) -> int:
    """How many events the side takes part in (index counts): the smaller side goes first, as
    SQLite walks the first IN list of a query and probes the others."""
    n = 0
    if side.entity_ids:
        n += conn.execute(select(func.count()).select_from(EA).where(
            EA.c.role == role, EA.c.entity_id.in_(sorted(side.entity_ids)))).scalar()
    if side.codes:
        n += conn.execute(select(func.count()).select_from(EA).where(
            EA.c.role == role, EA.c.code.in_(sorted(side.codes)))).scalar()
    if side.place_ids and role == "recipient":
        n += conn.execute(select(func.count()).select_from(E).where(
            E.c.place_id.in_(sorted(side.place_ids)))).scalar()
    return n


def sides_first(conn, sides: list[tuple[Side, str]]) -> list:
    """Side conditions, the most selective first."""
    if len(sides) > 1:
        sides = sorted(sides, key=lambda sr: side_size(conn, *sr))
    return [side_condition(side, role, probe=i > 0) for i, (side, role) in enumerate(sides)]


def _types(type_) -> list[str]:
    if not type_:
        return []
    if isinstance(type_, str):
        type_ = type_.split(",")
    return [t.strip().upper() for t in type_ if t and t.strip()]


def build_conditions(conn, actor=None, recipient=None, type=None, since=None, until=None, country=None,
                     include_negated=False) -> list:
    sides = []
    for value, role in ((actor, "actor"), (recipient, "recipient")):
        if value is None:
            continue
        side = value if isinstance(value, Side) else resolve(conn, value, places=(role == "recipient"))
        sides.append((side, role))
    conds = sides_first(conn, sides)
    if not include_negated:
        conds.append(E.c.negated == False)  # noqa: E712 - SQL expression
    types = _types(type)
    if types:
        conds.append(E.c.type.in_(types))
    if since:
        conds.append(E.c.day >= _as_date(since))
    if until:
        conds.append(E.c.day <= _as_until(until))
    if country:
        codes = [c.strip().upper() for c in (country.split(",") if isinstance(country, str) else country)]
        conds.append(or_(E.c.id.in_(select(EA.c.event_id).where(EA.c.role.in_(("actor", "recipient")),
                                                                 EA.c.code.in_(codes))),
                         E.c.place_id.in_(select(P.c.id).where(P.c.country.in_(codes)))))
    return conds


def _base_select():
    return (select(E, A.c.title, A.c.published, A.c.source, A.c.url, A.c.story_id,
                   P.c.lat, P.c.lon, P.c.country.label("place_country"), P.c.name_en.label("place_en"))
            .select_from(E.join(A, A.c.id == E.c.article_id).outerjoin(P, P.c.id == E.c.place_id)))


def fetch_events(conn, conds: list, limit: int | None = None, order: bool = True) -> list[dict]:
    q = _base_select().where(and_(*conds)) if conds else _base_select()
    if order:
        q = q.order_by(E.c.day.desc().nulls_last(), E.c.id)
    if limit:
        q = q.limit(int(limit))
    rows = [dict(r) for r in conn.execute(q).mappings()]
    return hydrate(conn, rows)


def hydrate(conn, rows: list[dict]) -> list[dict]:
    """Attach actors, recipients and the claimant to event rows; shape them as records."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    parts: dict[str, dict[str, list]] = {i: {"actor": [], "recipient": []} for i in ids}
    attributed_ids = {r["attributed_entity_id"] for r in rows if r.get("attributed_entity_id")}
    for chunk in _chunks(ids, 500):
        q = (select(EA.c.event_id, EA.c.role, EA.c.position, EA.c.text, EA.c.code.label("ea_code"),
                    EA.c.sector.label("ea_sector"), ENT)
             .join(ENT, ENT.c.id == EA.c.entity_id).where(EA.c.event_id.in_(chunk))
             .order_by(EA.c.event_id, EA.c.role, EA.c.position))
        for r in conn.execute(q).mappings():
            e = _entity(r, r["text"])
            e["code"] = r["ea_code"] or e["code"]
            e["sector"] = r["ea_sector"] or e["sector"]
            parts[r["event_id"]][r["role"]].append(e)
    claimants = {}
    for chunk in _chunks(sorted(attributed_ids), 500):
        for r in conn.execute(select(ENT).where(ENT.c.id.in_(chunk))).mappings():
            claimants[r["id"]] = r
    out = []
    for r in rows:
        att = None
        if r.get("attributed_entity_id"):
            c = claimants.get(r["attributed_entity_id"])
            att = _entity(c, r.get("attributed_name")) if c else {"id": None, "name": r.get("attributed_name")}
        out.append({
            "id": r["id"], "article_id": r["article_id"], "story_id": r.get("story_id"),
            "date": _iso(r.get("day")), "event": r["type"], "mode": r.get("mode"), "cameo": r.get("cameo"),
            "quad_code": r.get("quad"), "actor": parts[r["id"]]["actor"],
            "recipient": parts[r["id"]]["recipient"], "negated": bool(r["negated"]),
            "hedged": bool(r["hedged"]), "attributed_to": att, "place": r.get("place"),
            "place_en": r.get("place_en"), "place_country": r.get("place_country"),
            "lat": r.get("lat"), "lon": r.get("lon"),
            "text_info": {"start": r.get("start"), "end": r.get("end")},
            "event_text": r.get("event_text"), "confidence": r.get("confidence"), "rule": r.get("rule"),
            "title": r.get("title"), "published": _iso(r.get("published")), "source": r.get("source"),
            "url": r.get("url")})
    return out


def _entity(r, text) -> dict:
    return {"id": None if ":" in (r["id"] or "") else r["id"], "name": r["name"], "name_en": r["name_en"],
            "code": r["code"], "sector": r["sector"], "entity_text": text or r["name"],
            "wikidata": r["wikidata"]}


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def _chunks(seq: list, n: int) -> Iterable[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def query_events(store, limit: int | None = None, **filters: Any) -> list[dict]:
    with store.engine.connect() as conn:
        return fetch_events(conn, build_conditions(conn, **filters), limit=limit)


def _key(ev: dict) -> tuple:
    return (ev["event"], tuple(sorted(a["id"] or a["name"] for a in ev["actor"])),
            tuple(sorted(a["id"] or a["name"] for a in ev["recipient"])), ev["negated"])


def event_counts(store, by: str = "story", **filters: Any) -> dict[str, int]:
    """Events per PLOVER type. by='story': one per distinct (type, actors, recipients, negated) in a
    story cluster, so a report carried by five outlets counts once; by='article': the same per
    article; by='event': every stored event."""
    if by not in {"story", "article", "event"}:
        raise ValueError("by must be 'story', 'article' or 'event'")
    evs = query_events(store, **filters)
    seen: set = set()
    counts: Counter = Counter()
    for ev in evs:
        unit = ev["story_id"] if by == "story" else ev["article_id"] if by == "article" else ev["id"]
        k = (unit, *_key(ev))
        if k in seen:
            continue
        seen.add(k)
        counts[ev["event"]] += 1
    return dict(counts.most_common())
