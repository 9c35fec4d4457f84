"""Read-only queries for the dashboard and the REST API (SQLAlchemy Core over the store's schema).

The store answers event filters and questions; this module adds what a browser needs on top:
lists of articles, entities and quotes with paging, one article with all its annotations, one
actor with its relations, and aggregates (network edges, events per day, events per place).
Event filters are the ones of `marsad events` (`marsad.query.events.build_conditions`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, cast, func, or_, select

from ..query.events import build_conditions, fetch_events, side_condition
from ..query.resolve import resolve
from ..store import schema as S
from ..text.normalize import fold

A, E, EA, ENT, P = S.articles, S.events, S.event_actors, S.entities, S.places
M, PM, D, Q, SEN = S.mentions, S.place_mentions, S.dates, S.quotes, S.sentences

MAX_LIMIT = 1000
# PLOVER quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
QUAD_OF_TYPE = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4,
    "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def _iso(v) -> str | None:
    return v.isoformat() if isinstance(v, date) else v


def _page(limit, offset) -> tuple[int, int]:
    limit = max(1, min(int(limit or 50), MAX_LIMIT))
    return limit, max(0, int(offset or 0))


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# -- articles -------------------------------------------------------------------------------------
def list_articles(conn, q: str | None = None, since=None, until=None, source: str | None = None,
                  limit: int = 50, offset: int = 0) -> dict:
    """Articles, newest first. `q` matches the title or any sentence (Arabic folded) of the text."""
    limit, offset = _page(limit, offset)
    conds = []
    if q and q.strip():
        f = fold(q.strip())
        conds.append(or_(A.c.title.ilike(_like(q.strip()), escape="\\"),
                         A.c.id.in_(select(SEN.c.article_id).where(SEN.c.text_fold.like(_like(f), escape="\\")))))
    if since:
        conds.append(A.c.published >= date.fromisoformat(str(since)[:10]))
    if until:
        conds.append(A.c.published <= date.fromisoformat(str(until)[:10]))
    if source:
        conds.append(A.c.source == source)
    where = and_(*conds) if conds else None
    total_q = select(func.count()).select_from(A)
    n_events = (select(func.count()).select_from(E).where(E.c.article_id == A.c.id)
                .correlate(A).scalar_subquery())
    rows_q = select(A.c.id, A.c.title, A.c.published, A.c.source, A.c.url, A.c.story_id,
                    func.length(A.c.text).label("chars"), n_events.label("events"))
    if where is not None:
        total_q = total_q.where(where)
        rows_q = rows_q.where(where)
    rows_q = rows_q.order_by(A.c.published.desc().nulls_last(), A.c.id).limit(limit).offset(offset)
    items = [{**dict(r), "published": _iso(r["published"])} for r in conn.execute(rows_q).mappings()]
    return {"total": conn.execute(total_q).scalar_one(), "limit": limit, "offset": offset, "items": items}


def _entity_dict(r) -> dict:
    return {"id": r["id"], "name": r["name"], "name_en": r["name_en"], "code": r["code"],
            "sector": r["sector"], "kind": r["kind"], "wikidata": r["wikidata"]}


def article_detail(conn, article_id: str) -> dict | None:
    """One article with every stored annotation and its events (negated ones included)."""
    art = conn.execute(select(A).where(A.c.id == article_id)).mappings().first()
    if art is None:
        return None
    out = {k: _iso(v) for k, v in dict(art).items() if k not in ("ingested_at",)}
    ents: dict[str, dict] = {}
    mentions = []
    for r in conn.execute(select(M.c.start, M.c.end, M.c.text, ENT).join(ENT, ENT.c.id == M.c.entity_id)
                          .where(M.c.article_id == article_id).order_by(M.c.start)).mappings():
        e = ents.setdefault(r["id"], {**_entity_dict(r), "mentions": []})
        e["mentions"].append({"start": r["start"], "end": r["end"], "text": r["text"]})
        mentions.append({"start": r["start"], "end": r["end"], "text": r["text"], "entity_id": r["id"]})
    places: dict[str, dict] = {}
    for r in conn.execute(select(PM.c.start, PM.c.end, PM.c.text, P).join(P, P.c.id == PM.c.place_id)
                          .where(PM.c.article_id == article_id).order_by(PM.c.start)).mappings():
        pl = places.setdefault(r["id"], {"id": r["id"], "name": r["name"], "name_en": r["name_en"],
                                         "country": r["country"], "lat": r["lat"], "lon": r["lon"],
                                         "geonameid": r["geonameid"], "mentions": []})
        pl["mentions"].append({"start": r["start"], "end": r["end"], "text": r["text"]})
    dates = [{"text": r["text"], "start": r["start"], "end": r["end"], "value": _iso(r["value"]),
              "grain": r["grain"]}
             for r in conn.execute(select(D).where(D.c.article_id == article_id).order_by(D.c.start)).mappings()]
    quotes = []
    for r in conn.execute(select(Q, ENT.c.name.label("speaker_name"), ENT.c.name_en.label("speaker_name_en"),
                                 ENT.c.code.label("speaker_code"))
                          .outerjoin(ENT, ENT.c.id == Q.c.speaker_entity_id)
                          .where(Q.c.article_id == article_id).order_by(Q.c.start)).mappings():
        quotes.append(_quote(r))
    events = fetch_events(conn, [E.c.article_id == article_id], order=False)
    events.sort(key=lambda ev: ((ev["text_info"] or {}).get("start") or 0, ev["id"]))
    out.update({"entities": list(ents.values()), "places": list(places.values()), "dates": dates,
                "quotes": quotes, "events": events})
    return out


def _quote(r) -> dict:
    return {"id": r["id"], "article_id": r["article_id"],
            "speaker": ({"id": r["speaker_entity_id"], "name": r["speaker_name"],
                         "name_en": r.get("speaker_name_en"), "code": r.get("speaker_code"),
                         "entity_text": r["speaker_text"]} if r["speaker_entity_id"] else None),
            "speaker_text": r["speaker_text"], "cue": r["cue"], "text": r["text"], "start": r["start"],
            "end": r["end"], "direct": r["direct"], "date": _iso(r["date"]),
            **({k: _iso(r[k]) for k in ("title", "published", "source") if k in r})}


def highlight_segments(text: str, detail: dict) -> list[dict]:
    """Cut the text into runs that carry the same set of annotations, for highlighting by kind.

    Spans may overlap (a mention inside a quote inside an event's sentence), so the text is cut at
    every span boundary and each run lists every span over it: no nesting of markup is needed.
    """
    n = len(text)
    spans: list[tuple[int, int, str, str, str | None]] = []   # start, end, kind, label, key

    def add(start, end, kind, label, key=None):
        if start is None or end is None:
            return
        start, end = max(0, int(start)), min(n, int(end))
        if end > start:
            spans.append((start, end, kind, label, key))

    for e in detail["entities"]:
        label = " · ".join(x for x in (e["name"], e.get("name_en"), e.get("code"), e.get("sector")) if x)
        for m in e["mentions"]:
            add(m["start"], m["end"], "actor", label, e["id"])
    for pl in detail["places"]:
        label = " · ".join(x for x in (pl["name"], pl.get("name_en"), pl.get("country")) if x)
        for m in pl["mentions"]:
            add(m["start"], m["end"], "place", label)
    for d in detail["dates"]:
        add(d["start"], d["end"], "date", d.get("value") or d["text"])
    for q in detail["quotes"]:
        who = (q["speaker"] or {}).get("name") or q.get("speaker_text") or ""
        add(q["start"], q["end"], "quote", who)
    for ev in detail["events"]:
        info = ev.get("text_info") or {}
        add(info.get("start"), info.get("end"), "event", ev["event"], ev["id"])
    cuts = sorted({0, n, *(s[0] for s in spans), *(s[1] for s in spans)})
    segments = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        over = [s for s in spans if s[0] <= a and s[1] >= b]
        kinds = sorted({s[2] for s in over})
        segments.append({"text": text[a:b], "start": a, "kinds": kinds,
                         "labels": [s[3] for s in over if s[3]],
                         "events": [s[4] for s in over if s[2] == "event"],
                         "entity": next((s[4] for s in over if s[2] == "actor"), None)})
    return segments


# -- entities --------------------------------------------------------------------------------------
def list_entities(conn, q: str | None = None, code: str | None = None, limit: int = 50,
                  offset: int = 0) -> dict:
    """Entities with how many events they act in and receive, most active first."""
    limit, offset = _page(limit, offset)
    conds = []
    if q and q.strip():
        f = fold(q.strip())
        conds.append(or_(ENT.c.id.in_(select(S.entity_names.c.entity_id)
                                      .where(S.entity_names.c.name_fold.like(_like(f), escape="\\"))),
                         func.lower(ENT.c.name_en).like(_like(q.strip().lower()), escape="\\"),
                         ENT.c.code == q.strip().upper()))
    if code:
        conds.append(ENT.c.code == code.strip().upper())
    as_actor = (select(func.count()).select_from(EA).where(and_(EA.c.entity_id == ENT.c.id, EA.c.role == "actor"))
                .correlate(ENT).scalar_subquery())
    as_recipient = (select(func.count()).select_from(EA)
                    .where(and_(EA.c.entity_id == ENT.c.id, EA.c.role == "recipient"))
                    .correlate(ENT).scalar_subquery())
    n_mentions = (select(func.count()).select_from(M).where(M.c.entity_id == ENT.c.id)
                  .correlate(ENT).scalar_subquery())
    rows_q = select(ENT, as_actor.label("as_actor"), as_recipient.label("as_recipient"),
                    n_mentions.label("mentions"))
    total_q = select(func.count()).select_from(ENT)
    if conds:
        rows_q = rows_q.where(and_(*conds))
        total_q = total_q.where(and_(*conds))
    rows_q = rows_q.order_by((as_actor + as_recipient).desc(), n_mentions.desc(), ENT.c.id)
    rows = conn.execute(rows_q.limit(limit).offset(offset)).mappings()
    items = [{**_entity_dict(r), "as_actor": r["as_actor"], "as_recipient": r["as_recipient"],
              "mentions": r["mentions"]} for r in rows]
    return {"total": conn.execute(total_q).scalar_one(), "limit": limit, "offset": offset, "items": items}


def entity_detail(conn, entity_id: str, evidence: int = 5) -> dict | None:
    """One actor: what it does to whom and what others do to it (per event type), its events per
    day by type, its quotes and the names it goes by."""
    r = conn.execute(select(ENT).where(ENT.c.id == entity_id)).mappings().first()
    if r is None:
        return None
    out = _entity_dict(r)
    out["names"] = sorted(conn.execute(select(S.entity_names.c.name_fold)
                                       .where(S.entity_names.c.entity_id == entity_id)).scalars())
    mine = select(EA.c.event_id).where(EA.c.entity_id == entity_id)
    events = _with_keys(conn, fetch_events(conn, [E.c.id.in_(mine)], order=True))
    outgoing: dict[tuple, dict] = {}
    incoming: dict[tuple, dict] = {}
    per_day: dict[str, Counter] = defaultdict(Counter)
    for ev in events:
        is_actor = any(_key(a) == entity_id for a in ev["actor"])
        is_recipient = any(_key(a) == entity_id for a in ev["recipient"])
        if ev["date"]:
            per_day[ev["date"]][ev["event"]] += 1
        if is_actor:
            for other in ev["recipient"] or [None]:
                _relate(outgoing, ev, other, evidence)
        if is_recipient:
            for other in ev["actor"] or [None]:
                _relate(incoming, ev, other, evidence)
    out["outgoing"] = _sorted_relations(outgoing)
    out["incoming"] = _sorted_relations(incoming)
    out["timeline"] = [{"day": d, "counts": dict(c)} for d, c in sorted(per_day.items())]
    out["event_count"] = len(events)
    out["quotes"] = list_quotes(conn, speaker_id=entity_id, limit=200)["items"]
    return out


def _key(ent: dict) -> str:
    """The stored id of an event participant (set by `_with_keys`)."""
    return ent.get("key") or ent.get("id") or f"{ent.get('code') or 'UNK'}:{ent.get('name') or '?'}"


def _with_keys(conn, events: list[dict]) -> list[dict]:
    """Give every actor and recipient of the events its stored entity id as "key" (the contract's
    "id" is null for entities that are not in the knowledge base)."""
    ids = [ev["id"] for ev in events]
    keys: dict[tuple, str] = {}
    for i in range(0, len(ids), 500):
        q = (select(EA.c.event_id, EA.c.role, EA.c.position, EA.c.entity_id)
             .where(EA.c.event_id.in_(ids[i:i + 500])).order_by(EA.c.event_id, EA.c.role, EA.c.position))
        per: dict[tuple, list] = defaultdict(list)
        for eid, role, _pos, ent in conn.execute(q):
            per[(eid, role)].append(ent)
        for (eid, role), lst in per.items():
            for n, ent in enumerate(lst):
                keys[(eid, role, n)] = ent
    for ev in events:
        for role in ("actor", "recipient"):
            for n, ent in enumerate(ev[role]):
                ent["key"] = keys.get((ev["id"], role, n)) or _key(ent)
    return events


def _relate(table: dict, ev: dict, other: dict | None, evidence: int) -> None:
    okey = _key(other) if other else None
    k = (ev["event"], okey, ev["negated"], bool(ev["attributed_to"] or ev["hedged"]))
    rel = table.get(k)
    if rel is None:
        rel = table[k] = {"event": ev["event"], "quad_code": ev.get("quad_code") or QUAD_OF_TYPE.get(ev["event"]),
                          "other": ({"id": okey, "name": other["name"], "name_en": other.get("name_en"),
                                     "code": other.get("code")} if other else None),
                          "negated": ev["negated"], "claimed": bool(ev["attributed_to"] or ev["hedged"]),
                          "events": 0, "stories": set(), "evidence": []}
    rel["events"] += 1
    rel["stories"].add(ev.get("story_id") or ev["article_id"])
    if len(rel["evidence"]) < evidence:
        rel["evidence"].append(_evidence_item(ev))


def _sorted_relations(table: dict) -> list[dict]:
    rels = []
    for rel in table.values():
        rel = {**rel, "stories": len(rel["stories"])}
        rels.append(rel)
    rels.sort(key=lambda r: (-r["stories"], -r["events"], r["event"]))
    return rels


def _evidence_item(ev: dict) -> dict:
    att = ev.get("attributed_to")
    return {"event_id": ev["id"], "article_id": ev["article_id"], "date": ev["date"], "event": ev["event"],
            "actor": " · ".join(a["name"] for a in ev["actor"]) or None,
            "recipient": " · ".join(a["name"] for a in ev["recipient"]) or None,
            "negated": ev["negated"], "hedged": ev["hedged"],
            "attributed_to": (att.get("entity_text") or att.get("name")) if att else None,
            "text": ev.get("event_text"), "title": ev.get("title"), "source": ev.get("source")}


# -- quotes ----------------------------------------------------------------------------------------
def list_quotes(conn, speaker: str | None = None, speaker_id: str | None = None, q: str | None = None,
                article_id: str | None = None, since=None, until=None, limit: int = 50, offset: int = 0) -> dict:
    limit, offset = _page(limit, offset)
    conds = []
    if speaker_id:
        conds.append(Q.c.speaker_entity_id == speaker_id)
    if speaker:
        side = resolve(conn, speaker)
        sc = []
        if side.entity_ids:
            sc.append(Q.c.speaker_entity_id.in_(sorted(side.entity_ids)))
        if side.codes:
            sc.append(ENT.c.code.in_(sorted(side.codes)))
        sc.append(Q.c.speaker_text.like(_like(speaker.strip()), escape="\\"))
        conds.append(or_(*sc))
    if q and q.strip():
        conds.append(Q.c.text.like(_like(q.strip()), escape="\\"))
    if article_id:
        conds.append(Q.c.article_id == article_id)
    day = func.coalesce(Q.c.date, A.c.published)
    if since:
        conds.append(day >= date.fromisoformat(str(since)[:10]))
    if until:
        conds.append(day <= date.fromisoformat(str(until)[:10]))
    base = (Q.join(A, A.c.id == Q.c.article_id).outerjoin(ENT, ENT.c.id == Q.c.speaker_entity_id))
    rows_q = select(Q, ENT.c.name.label("speaker_name"), ENT.c.name_en.label("speaker_name_en"),
                    ENT.c.code.label("speaker_code"), A.c.title, A.c.published, A.c.source).select_from(base)
    total_q = select(func.count()).select_from(base)
    if conds:
        rows_q = rows_q.where(and_(*conds))
        total_q = total_q.where(and_(*conds))
    rows_q = rows_q.order_by(day.desc().nulls_last(), Q.c.id).limit(limit).offset(offset)
    items = [_quote(r) for r in conn.execute(rows_q).mappings()]
    return {"total": conn.execute(total_q).scalar_one(), "limit": limit, "offset": offset, "items": items}


# -- events ----------------------------------------------------------------------------------------
def event_page(conn, filters: dict, limit: int = 50, offset: int = 0) -> dict:
    """`marsad events` filters with paging: newest first, `total` counts every match."""
    limit, offset = _page(limit, offset)
    conds = build_conditions(conn, **filters)
    where = and_(*conds) if conds else None
    ids_q = select(E.c.id).order_by(E.c.day.desc().nulls_last(), E.c.id).limit(limit).offset(offset)
    total_q = select(func.count()).select_from(E)
    if where is not None:
        ids_q, total_q = ids_q.where(where), total_q.where(where)
    ids = list(conn.execute(ids_q).scalars())
    items = fetch_events(conn, [E.c.id.in_(ids)], order=False) if ids else []
    pos = {i: n for n, i in enumerate(ids)}
    items.sort(key=lambda ev: pos[ev["id"]])
    return {"total": conn.execute(total_q).scalar_one(), "limit": limit, "offset": offset, "items": items}


def _filtered_events(conn, filters: dict, around: str | None = None, limit: int = 20000) -> list[dict]:
    conds = build_conditions(conn, **filters)
    if around:
        side = resolve(conn, around)
        conds.append(or_(side_condition(side, "actor"), side_condition(side, "recipient")))
    return _with_keys(conn, fetch_events(conn, conds, limit=limit))


def network(conn, filters: dict, around: str | None = None, max_edges: int = 300, evidence: int = 8) -> dict:
    """Actor graph: an edge per (actor, recipient, quad class); its weight is the number of distinct
    story clusters that report it, so a syndicated story counts once. `around` keeps the events in
    which that actor acts or is acted upon."""
    events = _filtered_events(conn, filters, around)
    nodes: dict[str, dict] = {}
    edges: dict[tuple, dict] = {}
    for ev in events:
        quad = ev.get("quad_code") or QUAD_OF_TYPE.get(ev["event"]) or 0
        for a in ev["actor"]:
            for r in ev["recipient"]:
                ka, kr = _key(a), _key(r)
                if ka == kr:
                    continue
                for k, ent in ((ka, a), (kr, r)):
                    if k not in nodes:
                        nodes[k] = {"id": k, "name": ent["name"], "name_en": ent.get("name_en"),
                                    "code": ent.get("code"), "events": 0}
                    nodes[k]["events"] += 1
                e = edges.get((ka, kr, quad))
                if e is None:
                    e = edges[(ka, kr, quad)] = {"source": ka, "target": kr, "quad_code": quad, "types": Counter(),
                                                 "events": 0, "stories": set(), "negated": 0, "claimed": 0,
                                                 "evidence": []}
                e["events"] += 1
                e["types"][ev["event"]] += 1
                e["stories"].add(ev.get("story_id") or ev["article_id"])
                e["negated"] += int(ev["negated"])
                e["claimed"] += int(bool(ev["attributed_to"] or ev["hedged"]))
                if len(e["evidence"]) < evidence:
                    e["evidence"].append(_evidence_item(ev))
    out_edges = sorted(({**e, "stories": len(e["stories"]), "types": dict(e["types"])} for e in edges.values()),
                       key=lambda e: (-e["stories"], -e["events"], e["source"], e["target"]))[:max_edges]
    used = {e["source"] for e in out_edges} | {e["target"] for e in out_edges}
    center = None
    if around:
        side = resolve(conn, around)
        center = sorted(side.entity_ids & used)[:1] or None
        center = center[0] if center else None
    return {"nodes": [n for k, n in nodes.items() if k in used], "edges": out_edges, "center": center,
            "events": len(events)}


def timeline(conn, filters: dict, around: str | None = None) -> dict:
    """Events per day by type (one count per event, dated by the text or else the article)."""
    conds = build_conditions(conn, **filters)
    if around:
        side = resolve(conn, around)
        conds.append(or_(side_condition(side, "actor"), side_condition(side, "recipient")))
    q = select(E.c.day, E.c.type, func.count()).where(E.c.day.is_not(None))
    if conds:
        q = q.where(and_(*conds))
    q = q.group_by(E.c.day, E.c.type).order_by(E.c.day)
    per_day: dict[str, dict] = {}
    types: Counter = Counter()
    for day, typ, n in conn.execute(q):
        per_day.setdefault(_iso(day), {})[typ] = n
        types[typ] += n
    return {"days": [{"day": d, "counts": c} for d, c in per_day.items()],
            "types": [t for t, _ in types.most_common()]}


def map_points(conn, filters: dict, around: str | None = None, evidence: int = 5) -> dict:
    """Events grouped by the place they happened at (places with coordinates only)."""
    events = _filtered_events(conn, filters, around)
    points: dict[tuple, dict] = {}
    for ev in events:
        if ev.get("lat") is None or ev.get("lon") is None:
            continue
        k = (round(ev["lat"], 3), round(ev["lon"], 3))
        p = points.get(k)
        if p is None:
            p = points[k] = {"lat": ev["lat"], "lon": ev["lon"], "place": ev.get("place"),
                             "place_en": ev.get("place_en"), "country": ev.get("place_country"),
                             "events": 0, "types": Counter(), "evidence": []}
        p["events"] += 1
        p["types"][ev["event"]] += 1
        if len(p["evidence"]) < evidence:
            p["evidence"].append(_evidence_item(ev))
    pts = sorted(({**p, "types": dict(p["types"])} for p in points.values()), key=lambda p: -p["events"])
    return {"points": pts, "events": len(events), "located": sum(p["events"] for p in pts)}


# -- stats -----------------------------------------------------------------------------------------
def stats(conn) -> dict[str, Any]:
    counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
              for t in (A, S.stories, E, ENT, Q, P, M)}
    by_type = {t: n for t, n in conn.execute(select(E.c.type, func.count()).group_by(E.c.type)
                                             .order_by(func.count().desc()))}
    by_quad = {str(qd): n for qd, n in conn.execute(select(E.c.quad, func.count()).group_by(E.c.quad)
                                                    .order_by(E.c.quad)) if qd is not None}
    flags = conn.execute(select(func.sum(cast(E.c.negated, Integer)),
                                func.sum(cast(E.c.hedged, Integer)),
                                func.count(E.c.attributed_entity_id))).first()
    first, last = conn.execute(select(func.min(E.c.day), func.max(E.c.day))).first()
    a_first, a_last = conn.execute(select(func.min(A.c.published), func.max(A.c.published))).first()
    top = conn.execute(select(ENT.c.id, ENT.c.name, ENT.c.name_en, ENT.c.code, func.count().label("n"))
                       .join(EA, EA.c.entity_id == ENT.c.id).group_by(ENT.c.id, ENT.c.name, ENT.c.name_en,
                                                                     ENT.c.code)
                       .order_by(func.count().desc(), ENT.c.id).limit(15)).mappings()
    sources = {s or "": n for s, n in conn.execute(select(A.c.source, func.count()).group_by(A.c.source)
                                                   .order_by(func.count().desc()).limit(20))}
    return {"counts": counts, "events_by_type": by_type, "events_by_quad": by_quad,
            "negated": int(flags[0] or 0), "hedged": int(flags[1] or 0), "attributed": int(flags[2] or 0),
            "event_days": {"first": _iso(first), "last": _iso(last)},
            "published": {"first": _iso(a_first), "last": _iso(a_last)},
            "top_actors": [dict(r) for r in top], "sources": sources}
