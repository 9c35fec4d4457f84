"""Partitioned Parquet output of analysed articles: five tables, one file per partition each.

    OUT/articles/part-<key>.parquet   one row per input article (+ the full analysis as JSON)
    OUT/events/part-<key>.parquet     one row per event; actors and recipients as lists
    OUT/entities/part-<key>.parquet   one row per (article, entity) with its mentions
    OUT/quotes/part-<key>.parquet     one row per quote
    OUT/places/part-<key>.parquet     one row per (article, place) with its mentions
    OUT/_partitions/<key>.json        written last: the partition is complete (counts, skips)

`<key>` is a hash of what the partition reads, so a rerun finds the partitions already done and
does not redo them. OUT is a local path or any fsspec URL (s3://, gs://, abfs://, ...).
Read the tables with DuckDB (`read_parquet('OUT/events/*.parquet')`), pandas, Spark or pyarrow.
Row ids follow the database: an event's `id` is "<article id>:<event id>", a quote's
"<article id>:q<n>", an entity's `key` and a place's `key` are the store's keys.
"""
from __future__ import annotations

import json
import posixpath
from typing import Any, Iterable, Iterator

from ..store.store import _parse_date

TABLES = ("articles", "events", "entities", "quotes", "places")
MARKERS = "_partitions"


def _pa():
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise RuntimeError("Parquet output needs pyarrow: pip install 'marsad[scale]'") from None
    return pa


def schemas() -> dict[str, Any]:
    pa = _pa()
    s, i32, d = pa.string(), pa.int32(), pa.date32()
    ls, li = pa.list_(pa.string()), pa.list_(pa.int32())

    def role(prefix: str) -> list:
        return [(f"{prefix}_ids", ls), (f"{prefix}_names", ls), (f"{prefix}_codes", ls),
                (f"{prefix}_sectors", ls), (f"{prefix}_texts", ls)]

    mentions = [("n_mentions", i32), ("mention_starts", li), ("mention_ends", li), ("mention_texts", ls)]
    return {
        "articles": pa.schema([
            ("id", s), ("source_id", s), ("title", s), ("published", d), ("source", s), ("url", s),
            ("path", s), ("text", s), ("n_entities", i32), ("n_places", i32), ("n_dates", i32),
            ("n_quotes", i32), ("n_events", i32), ("partition", s), ("analysis", s)]),
        "events": pa.schema([
            ("id", s), ("article_id", s), ("event_id", s), ("type", s), ("mode", s), ("cameo", s),
            ("quad_code", pa.int8()), ("negated", pa.bool_()), ("hedged", pa.bool_()),
            *role("actor"), *role("recipient"),
            ("attributed_to_id", s), ("attributed_to_name", s), ("attributed_to_code", s),
            ("date", d), ("published", d), ("place", s), ("start", i32), ("end", i32),
            ("event_text", s), ("confidence", pa.float64()), ("rule", s), ("partition", s)]),
        "entities": pa.schema([
            ("article_id", s), ("key", s), ("id", s), ("name", s), ("name_en", s), ("code", s),
            ("sector", s), ("wikidata", s), ("entity_text", s), *mentions, ("partition", s)]),
        "quotes": pa.schema([
            ("id", s), ("article_id", s), ("speaker_id", s), ("speaker_name", s), ("speaker_code", s),
            ("speaker_text", s), ("cue", s), ("text", s), ("start", i32), ("end", i32),
            ("direct", pa.bool_()), ("date", d), ("partition", s)]),
        "places": pa.schema([
            ("article_id", s), ("key", s), ("name", s), ("name_en", s), ("country", s),
            ("lat", pa.float64()), ("lon", pa.float64()), ("geonameid", pa.int64()), *mentions,
            ("partition", s)]),
    }


# one date parser for the store and the Parquet tables
_day = _parse_date


def _sector(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value) or None
    return value


def _text(ent: dict | None) -> str | None:
    return (ent.get("entity_text") or ent.get("name")) if ent else None


def _mention_cols(mentions: list[dict] | None) -> dict[str, Any]:
    ms = mentions or []
    return {"n_mentions": len(ms), "mention_starts": [m.get("start") for m in ms],
            "mention_ends": [m.get("end") for m in ms], "mention_texts": [m.get("text") or "" for m in ms]}


def record_rows(rec: dict, path: str | None, partition: str) -> dict[str, list[dict]]:
    """Rows of every table for one analysed record (the `marsad analyze` contract)."""
    from ..store.store import entity_key, place_key

    aid = rec["id"]
    published = _day(rec.get("published"))
    analysis = {k: v for k, v in rec.items() if k != "text"}
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    rows["articles"].append({
        "id": aid, "source_id": rec.get("source_id"), "title": rec.get("title"), "published": published,
        "source": rec.get("source"), "url": rec.get("url"), "path": path, "text": rec.get("text") or "",
        "n_entities": len(rec.get("entities") or []), "n_places": len(rec.get("places") or []),
        "n_dates": len(rec.get("dates") or []), "n_quotes": len(rec.get("quotes") or []),
        "n_events": len(rec.get("events") or []), "partition": partition,
        "analysis": json.dumps(analysis, ensure_ascii=False, default=str)})
    seen: set[str] = set()
    for i, ev in enumerate(rec.get("events") or []):
        local = ev.get("id") or f"e{i + 1}"
        eid = f"{aid}:{local}"
        if eid in seen:                      # as the store does: two events with one id are both kept
            eid = f"{eid}.{i + 1}"
        seen.add(eid)
        info = ev.get("text_info") or {}
        att = ev.get("attributed_to")
        row = {"id": eid, "article_id": aid, "event_id": local, "type": ev.get("event"),
               "mode": ev.get("mode"), "cameo": ev.get("cameo"), "quad_code": ev.get("quad_code"),
               "negated": bool(ev.get("negated")), "hedged": bool(ev.get("hedged")),
               "attributed_to_id": att.get("id") if att else None,
               "attributed_to_name": att.get("name") if att else None,
               "attributed_to_code": att.get("code") if att else None,
               "date": _day(ev.get("date")), "published": published, "place": ev.get("place"),
               "start": info.get("start"), "end": info.get("end"), "event_text": ev.get("event_text"),
               "confidence": ev.get("confidence"), "rule": ev.get("rule"), "partition": partition}
        for role in ("actor", "recipient"):
            ents = [e for e in ev.get(role) or [] if e]
            row[f"{role}_ids"] = [e.get("id") for e in ents]
            row[f"{role}_names"] = [e.get("name") for e in ents]
            row[f"{role}_codes"] = [e.get("code") for e in ents]
            row[f"{role}_sectors"] = [_sector(e.get("sector")) for e in ents]
            row[f"{role}_texts"] = [_text(e) for e in ents]
        rows["events"].append(row)
    for ent in rec.get("entities") or []:
        rows["entities"].append({
            "article_id": aid, "key": entity_key(ent), "id": ent.get("id"), "name": ent.get("name"),
            "name_en": ent.get("name_en"), "code": ent.get("code"), "sector": _sector(ent.get("sector")),
            "wikidata": ent.get("wikidata"), "entity_text": ent.get("entity_text"),
            **_mention_cols(ent.get("mentions")), "partition": partition})
    for i, q in enumerate(rec.get("quotes") or []):
        sp = q.get("speaker")
        rows["quotes"].append({
            "id": f"{aid}:q{i + 1}", "article_id": aid, "speaker_id": sp.get("id") if sp else None,
            "speaker_name": sp.get("name") if sp else None, "speaker_code": sp.get("code") if sp else None,
            "speaker_text": _text(sp), "cue": q.get("cue"), "text": q.get("text") or "",
            "start": q.get("start"), "end": q.get("end"), "direct": q.get("direct"),
            "date": _day(q.get("date")), "partition": partition})
    for pl in rec.get("places") or []:
        rows["places"].append({
            "article_id": aid, "key": place_key(pl), "name": pl.get("name"), "name_en": pl.get("name_en"),
            "country": pl.get("country"), "lat": pl.get("lat"), "lon": pl.get("lon"),
            "geonameid": int(pl["geonameid"]) if pl.get("geonameid") not in (None, "") else None,
            **_mention_cols(pl.get("mentions")), "partition": partition})
    return rows


def to_tables(records: Iterable[tuple[dict, str | None]], partition: str) -> dict[str, Any]:
    """pyarrow Tables (fixed schemas, also when empty) for (record, path) pairs."""
    pa = _pa()
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for rec, path in records:
        for table, rs in record_rows(rec, path, partition).items():
            rows[table].extend(rs)
    return {t: pa.Table.from_pylist(rows[t], schema=sch) for t, sch in schemas().items()}


class PartitionStore:
    """The output directory: which partitions are complete, writing one, reading one back."""

    def __init__(self, out: str):
        from fsspec.core import url_to_fs

        self.url = out
        self.fs, root = url_to_fs(out)
        self.root = root.rstrip("/") or "/"

    def _path(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts)

    def table_path(self, table: str, key: str) -> str:
        return self._path(table, f"part-{key}.parquet")

    def marker_path(self, key: str) -> str:
        return self._path(MARKERS, f"{key}.json")

    def done(self) -> set[str]:
        """Keys of the complete partitions."""
        try:
            found = self.fs.glob(self._path(MARKERS, "*.json"))
        except FileNotFoundError:
            return set()
        return {posixpath.basename(p)[: -len(".json")] for p in found}

    def is_done(self, key: str) -> bool:
        return self.fs.exists(self.marker_path(key))

    def manifest(self, key: str) -> dict:
        with self.fs.open(self.marker_path(key), "r", encoding="utf-8") as fh:
            return json.load(fh)

    def write(self, key: str, tables: dict[str, Any], manifest: dict) -> None:
        """Every table file, then the marker: a partition without its marker is redone."""
        import pyarrow.parquet as pq

        for table, data in tables.items():
            self.fs.makedirs(self._path(table), exist_ok=True)
            with self.fs.open(self.table_path(table, key), "wb") as fh:
                pq.write_table(data, fh, compression="zstd")
        self.fs.makedirs(self._path(MARKERS), exist_ok=True)
        tmp = self.marker_path(key) + ".tmp"
        with self.fs.open(tmp, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False)
        self.fs.mv(tmp, self.marker_path(key))

    def read_table(self, table: str, key: str, columns: list[str] | None = None):
        import pyarrow.parquet as pq

        with self.fs.open(self.table_path(table, key), "rb") as fh:
            return pq.read_table(fh, columns=columns)

    def records(self, key: str) -> Iterator[tuple[dict, str | None]]:
        """The analysed records of one partition (the `marsad analyze` contract) and their paths."""
        t = self.read_table("articles", key, columns=["text", "path", "analysis"])
        for text, path, analysis in zip(t.column("text").to_pylist(), t.column("path").to_pylist(),
                                        t.column("analysis").to_pylist()):
            rec = json.loads(analysis)
            rec["text"] = text
            yield rec, path


def read_table(out: str, table: str, columns: list[str] | None = None):
    """One table over all complete partitions, as a pyarrow Table."""
    pa = _pa()
    ps = PartitionStore(out)
    parts = [ps.read_table(table, key, columns) for key in sorted(ps.done())]
    if not parts:
        sch = schemas()[table]
        return sch.empty_table() if columns is None else pa.schema([sch.field(c) for c in columns]).empty_table()
    return pa.concat_tables(parts)
