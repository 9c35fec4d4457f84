"""Event exports: a terminal table, GDELT-like CSV, PLOVER-shaped JSONL and Parquet.

CSV: one row per (actor, recipient) pair of an event, like a GDELT dyad, with GDELT's column names
(SQLDATE, Actor1Code = country + sector as in CAMEO actor codes, EventCode = CAMEO, QuadClass,
ActionGeo_*, SOURCEURL) and marsad columns after them (EventType, Negated, Hedged, AttributedTo,
Evidence, StoryID, ArticleID, GLOBALEVENTID = our event id).
JSONL / Parquet: one PLOVER-shaped record per event (field names as in POLECAT; several actors are
joined with "; ").
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import IO, Iterable

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "EventCode", "EventRootCode", "QuadClass", "Actor2Code", "Actor2Name", "Actor2CountryCode",
    "Actor2Type1Code", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "SOURCEURL", "EventType", "Mode", "Negated", "Hedged", "AttributedTo", "Evidence", "Source",
    "StoryID", "ArticleID",
]

PLOVER_FIELDS = [
    "id", "date", "event_type", "mode", "cameo", "quad_class", "actor", "actor_country", "actor_sector",
    "recipient", "recipient_country", "recipient_sector", "negated", "hedged", "attributed_to",
    "place", "place_country", "lat", "lon", "text", "title", "source", "url", "story_id", "article_id",
]


def _actor_code(ent: dict | None) -> str:
    if not ent:
        return ""
    return (ent.get("code") or "") + (ent.get("sector") or "")


def gdelt_rows(events: Iterable[dict]) -> Iterable[dict]:
    for ev in events:
        actors = ev["actor"] or [None]
        recipients = ev["recipient"] or [None]
        for a1 in actors:
            for a2 in recipients:
                cameo = ev.get("cameo") or ""
                yield {
                    "GLOBALEVENTID": ev["id"], "SQLDATE": (ev.get("date") or "").replace("-", ""),
                    "Actor1Code": _actor_code(a1), "Actor1Name": (a1 or {}).get("name") or "",
                    "Actor1CountryCode": (a1 or {}).get("code") or "",
                    "Actor1Type1Code": (a1 or {}).get("sector") or "",
                    "EventCode": cameo, "EventRootCode": cameo[:2], "QuadClass": ev.get("quad_code") or "",
                    "Actor2Code": _actor_code(a2), "Actor2Name": (a2 or {}).get("name") or "",
                    "Actor2CountryCode": (a2 or {}).get("code") or "",
                    "Actor2Type1Code": (a2 or {}).get("sector") or "",
                    "ActionGeo_FullName": ev.get("place") or "",
                    "ActionGeo_CountryCode": ev.get("place_country") or "",
                    "ActionGeo_Lat": "" if ev.get("lat") is None else ev["lat"],
                    "ActionGeo_Long": "" if ev.get("lon") is None else ev["lon"],
                    "SOURCEURL": ev.get("url") or "", "EventType": ev["event"], "Mode": ev.get("mode") or "",
                    "Negated": int(ev["negated"]), "Hedged": int(ev["hedged"]),
                    "AttributedTo": (ev.get("attributed_to") or {}).get("name") or "",
                    "Evidence": (ev.get("event_text") or "").replace("\n", " "),
                    "Source": ev.get("source") or "", "StoryID": ev.get("story_id") or "",
                    "ArticleID": ev["article_id"],
                }


def _join(ents: list[dict], key: str) -> str | None:
    vals = [e.get(key) or "" for e in ents]
    return "; ".join(vals) if any(vals) else None


def plover_record(ev: dict) -> dict:
    att = ev.get("attributed_to")
    return {
        "id": ev["id"], "date": ev.get("date"), "event_type": ev["event"], "mode": ev.get("mode"),
        "cameo": ev.get("cameo"), "quad_class": ev.get("quad_code"),
        "actor": _join(ev["actor"], "name"), "actor_country": _join(ev["actor"], "code"),
        "actor_sector": _join(ev["actor"], "sector"),
        "recipient": _join(ev["recipient"], "name"), "recipient_country": _join(ev["recipient"], "code"),
        "recipient_sector": _join(ev["recipient"], "sector"),
        "negated": ev["negated"], "hedged": ev["hedged"],
        "attributed_to": (att.get("name") if att else None),
        "place": ev.get("place"), "place_country": ev.get("place_country"),
        "lat": ev.get("lat"), "lon": ev.get("lon"),
        "text": ev.get("event_text"), "title": ev.get("title"), "source": ev.get("source"),
        "url": ev.get("url"), "story_id": ev.get("story_id"), "article_id": ev["article_id"],
    }


def write_csv(events: Iterable[dict], fh: IO[str]) -> int:
    w = csv.DictWriter(fh, fieldnames=GDELT_COLUMNS)
    w.writeheader()
    n = 0
    for row in gdelt_rows(events):
        w.writerow(row)
        n += 1
    return n


def write_jsonl(events: Iterable[dict], fh: IO[str]) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(plover_record(ev), ensure_ascii=False) + "\n")
        n += 1
    return n


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise RuntimeError("Parquet export needs pyarrow: pip install pyarrow") from None
    return pyarrow


def write_parquet(events: Iterable[dict], path: str | Path) -> int:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    recs = [plover_record(ev) for ev in events]
    cols = {f: [r[f] for r in recs] for f in PLOVER_FIELDS}
    types = {"negated": pa.bool_(), "hedged": pa.bool_(), "lat": pa.float64(), "lon": pa.float64(),
             "quad_class": pa.int8()}
    table = pa.table({f: pa.array(cols[f], type=types.get(f, pa.string())) for f in PLOVER_FIELDS})
    pq.write_table(table, str(path))
    return len(recs)


def print_table(events: list[dict], file=None) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(show_lines=False)
    for col in ("date", "actor", "event", "recipient", "flags", "place", "source", "evidence"):
        t.add_column(col, overflow="fold")
    for ev in events:
        flags = ",".join(f for f, on in (("negated", ev["negated"]), ("hedged", ev["hedged"]),
                                           ("claimed", ev.get("attributed_to"))) if on)
        t.add_row(ev.get("date") or "", _join(ev["actor"], "name") or "", ev["event"],
                  _join(ev["recipient"], "name") or "", flags, ev.get("place") or "", ev.get("source") or "",
                  (ev.get("event_text") or "")[:160])
    Console(file=file or sys.stdout).print(t)


def write_events(events: list[dict], fmt: str, out: str | Path | None = None) -> int:
    """Write events in `fmt` to the file `out` (or stdout; parquet needs a file)."""
    fmt = fmt.lower()
    if fmt == "table":
        print_table(events)
        return len(events)
    if fmt == "parquet":
        if out is None or str(out) == "-":
            raise ValueError("parquet output needs a file: --out FILE")
        return write_parquet(events, out)
    writer = {"csv": write_csv, "jsonl": write_jsonl}.get(fmt)
    if writer is None:
        raise ValueError(f"unknown format {fmt!r}: table, csv, jsonl or parquet")
    if out is None or str(out) == "-":
        return writer(events, sys.stdout)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        return writer(events, fh)


def export_all(store, fmt: str, out_dir, **filters) -> list[str]:
    """Write events (with filters) and the article list into `out_dir` in `fmt`; returns file paths."""
    from sqlalchemy import select

    from ..store import schema as S

    fmt = fmt.lower()
    if fmt not in {"csv", "jsonl", "parquet"}:
        raise ValueError("export format must be csv, jsonl or parquet")
    if fmt == "parquet":
        _pyarrow()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    events = store.events(include_negated=True, **filters) if "include_negated" not in filters \
        else store.events(**filters)
    ev_path = out_dir / f"events.{fmt}"
    write_events(events, fmt, ev_path)
    a = S.articles
    with store.engine.connect() as conn:
        arts = [{"id": r.id, "title": r.title, "published": r.published.isoformat() if r.published else None,
                 "source": r.source, "url": r.url, "story_id": r.story_id, "source_id": r.source_id}
                for r in conn.execute(select(a.c.id, a.c.title, a.c.published, a.c.source, a.c.url,
                                             a.c.story_id, a.c.source_id).order_by(a.c.id))]
    art_path = out_dir / f"articles.{fmt}"
    if fmt == "jsonl":
        with open(art_path, "w", encoding="utf-8") as fh:
            for r in arts:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with open(art_path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(arts[0]) if arts else ["id"])
            w.writeheader()
            w.writerows(arts)
    else:
        pa = _pyarrow()
        import pyarrow.parquet as pq

        fields = ["id", "title", "published", "source", "url", "story_id", "source_id"]
        pq.write_table(pa.table({f: pa.array([r[f] for r in arts], type=pa.string()) for f in fields}),
                       str(art_path))
    return [str(ev_path), str(art_path)]


def events_to_string(events: list[dict], fmt: str) -> str:
    buf = io.StringIO()
    {"csv": write_csv, "jsonl": write_jsonl}[fmt](events, buf)
    return buf.getvalue()
