"""`Store`: persist analysed articles and query them.

Writing: `ingest(paths)` reads inputs, skips articles already stored (same content hash) before
analysing them, and writes each new article with all its rows in one transaction, so a killed run
leaves only whole articles behind and the same command finishes the job.
Reading: `events(...)`, `event_counts(...)`, `ask(...)` (see `marsad.query`).
"""
from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import Connection

from ..text.normalize import fold
from . import schema as S
from .db import make_engine, migrate, resolve_url
from .stories import NUM_PERM, StoryIndex, scheme, from_bytes, signature, to_bytes


@dataclass
class Summary:
    stored: int = 0
    duplicates: int = 0           # same content hash as a stored article: not stored again
    near_duplicates: int = 0      # stored, and joined an existing story cluster
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        lines = [f"stored {self.stored} (of which {self.near_duplicates} joined an existing story), "
                 f"duplicates {self.duplicates}, skipped {len(self.skipped)}; "
                 f"{self.seconds:.1f} s, {self.rate:.1f} articles/s"]
        lines += [f"  skipped {path}: {reason}" for path, reason in self.skipped]
        return "\n".join(lines)


class ArticleExists(Exception):
    """Another writer stored the same article first."""


def _parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def entity_key(ent: dict) -> str:
    return ent.get("id") or f"{ent.get('code') or 'UNK'}:{ent.get('name') or ent.get('entity_text') or '?'}"


def place_key(pl: dict) -> str:
    if pl.get("geonameid"):
        return f"gn:{pl['geonameid']}"
    return f"{pl.get('country') or 'UNK'}:{fold(pl.get('name') or '')}"


_SENT_END = re.compile(r"[^\n.!?؟]+(?:[.!?؟]+[\"'»”]?|\n|$)")


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans for the semantic index (punctuation or line ends; short scraps dropped)."""
    for m in _SENT_END.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if len(text[start:end].split()) >= 4:
            yield start, end


def _insert_ignore(conn: Connection, table, rows: list[dict]) -> int:
    """Insert rows, silently keeping the stored row on a primary-key conflict."""
    if not rows:
        return 0
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    res = conn.execute(insert(table).on_conflict_do_nothing(), rows)
    return res.rowcount


class Store:
    """A marsad database. `Store()` opens `marsad.db` (or `MARSAD_DB`); `Store(url)` any URL."""

    def __init__(self, url: str | None = None, pipeline=None):
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self.version = migrate(self.engine)
        self._pipeline = pipeline
        self._stories: StoryIndex | None = None
        self._asker = None

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def pipeline(self):
        if self._pipeline is None:
            from ..pipeline import Pipeline

            self._pipeline = Pipeline.load()
        return self._pipeline

    # -- writing ---------------------------------------------------------------------------
    def _story_index(self) -> StoryIndex:
        if self._stories is None:
            idx = StoryIndex()
            sig, art = S.article_signatures, S.articles
            with self.engine.connect() as conn:
                rows = conn.execute(select(sig.c.article_id, sig.c.num_perm, sig.c.signature, art.c.story_id)
                                    .join(art, art.c.id == sig.c.article_id)
                                    .where(sig.c.num_perm == NUM_PERM, sig.c.scheme == scheme()))
                with idx.lsh.insertion_session() as session:
                    for aid, num_perm, data, story in rows:
                        sig = from_bytes(data, num_perm)
                        session.insert(aid, sig, check_duplication=False)
                        idx.sigs[aid] = sig
                        idx.story_of[aid] = story
            self._stories = idx
        return self._stories

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(S.articles.c.id).where(S.articles.c.id == article_id)).first() is not None

    def ingest(self, paths, pipeline=None, progress: bool = True) -> Summary:
        """Read, analyse and store every article under `paths` (files, dirs, '-')."""
        from ..ingest import read_inputs

        if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
            paths = [paths]
        paths = [str(p) for p in paths]
        pipe = pipeline or self._pipeline
        summary = Summary()
        t0 = time.perf_counter()
        with _Progress(progress and sys.stderr.isatty()) as bar:
            for item in read_inputs(paths):
                if not hasattr(item, "text"):          # a Skip
                    self._log_skip(item.path, item.reason, summary)
                    bar.advance(summary)
                    continue
                if self.has_article(item.id):
                    summary.duplicates += 1
                    bar.advance(summary)
                    continue
                if pipe is None:
                    pipe = self.pipeline
                try:
                    record = pipe.analyze(item)
                except Exception as exc:  # one bad article must not stop the run
                    self._log_skip(item.path or item.id, f"analysis failed: {type(exc).__name__}: {exc}", summary)
                    bar.advance(summary)
                    continue
                try:
                    outcome = self.store_record(record, path=getattr(item, "path", None))
                except (ValueError, TypeError, KeyError, AttributeError, IntegrityError) as exc:
                    # a malformed record: nothing of it was written (one transaction)
                    self._log_skip(item.path or item.id, f"store failed: {type(exc).__name__}: {exc}", summary)
                    bar.advance(summary)
                    continue
                self._count(outcome, summary)
                bar.advance(summary)
        if summary.stored:
            self.analyze_tables()
        summary.seconds = time.perf_counter() - t0
        return summary

    def analyze_tables(self) -> None:
        """Refresh the planner's statistics (the filters depend on them on a large database)."""
        with self.engine.begin() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit=2000")
                conn.exec_driver_sql("ANALYZE")
            else:          # our tables only, not the whole database
                names = ", ".join(f'"{t.name}"' for t in S.metadata.sorted_tables)
                conn.exec_driver_sql(f"ANALYZE {names}")

    def ingest_records(self, records: Iterable[dict], path: str | None = None) -> Summary:
        """Store already analysed records (the `marsad analyze` contract), e.g. from a cluster run."""
        summary = Summary()
        t0 = time.perf_counter()
        for rec in records:
            self._count(self.store_record(rec, path=path), summary)
        if summary.stored:
            self.analyze_tables()
        summary.seconds = time.perf_counter() - t0
        return summary

    @staticmethod
    def _count(outcome: str, summary: Summary) -> None:
        if outcome == "duplicate":
            summary.duplicates += 1
        else:
            summary.stored += 1
            if outcome == "near_duplicate":
                summary.near_duplicates += 1

    def _log_skip(self, path, reason: str, summary: Summary) -> None:
        path, reason = str(path), str(reason)
        summary.skipped.append((path, reason))
        with self.engine.begin() as conn:
            _insert_ignore(conn, S.ingest_log, [{"path": path[:1000], "reason": reason[:1000],
                                                 "first_seen": datetime.now(timezone.utc)}])

    def store_record(self, rec: dict, path: str | None = None) -> str:
        """Write one analysed article atomically. Returns 'stored', 'near_duplicate' or 'duplicate'."""
        article_id = rec["id"]
        if self.has_article(article_id):
            return "duplicate"
        text = rec.get("text") or ""
        stories = self._story_index()
        sig = signature(text)
        story_id, _sim = stories.match(sig)
        near = story_id is not None
        story_id = story_id or article_id
        try:
            with self.engine.begin() as conn:
                self._write(conn, rec, path, story_id, sig, new_story=not near)
        except ArticleExists:
            return "duplicate"
        stories.add(article_id, sig, story_id)
        return "near_duplicate" if near else "stored"

    def _write(self, conn: Connection, rec: dict, path, story_id: str, sig, new_story: bool) -> None:
        aid = rec["id"]
        text = rec.get("text") or ""
        now = datetime.now(timezone.utc)
        published = _parse_date(rec.get("published"))
        if new_story:
            _insert_ignore(conn, S.stories, [{"id": story_id, "created_at": now}])
        inserted = _insert_ignore(conn, S.articles, [{
            "id": aid, "source_id": rec.get("source_id"), "title": rec.get("title"),
            "published": published, "source": rec.get("source"), "url": rec.get("url"),
            "path": str(path) if path is not None else rec.get("path"), "text": text,
            "story_id": story_id, "ingested_at": now}])
        if inserted == 0:
            raise ArticleExists(aid)

        # entities: from the entity list and from every event/quote that names one
        ents: dict[str, dict] = {}
        names: set[tuple[str, str]] = set()

        def note(ent: dict | None) -> str | None:
            if not ent:
                return None
            key = entity_key(ent)
            if key not in ents:
                ents[key] = ent
            for n in (ent.get("name"), ent.get("entity_text")):
                if n:
                    names.add((key, fold(n)[:400]))
            if ent.get("name_en"):
                names.add((key, ent["name_en"].lower()[:400]))
            return key

        mention_rows = []
        for ent in rec.get("entities") or []:
            key = note(ent)
            for m in ent.get("mentions") or []:
                mention_rows.append({"article_id": aid, "entity_id": key, "start": m.get("start"),
                                     "end": m.get("end"), "text": m.get("text") or ""})
                if m.get("text"):
                    names.add((key, fold(m["text"])[:400]))

        place_rows, pm_rows, place_by_name = {}, [], {}
        for pl in rec.get("places") or []:
            key = place_key(pl)
            place_rows.setdefault(key, {
                "id": key, "name": pl.get("name") or "", "name_fold": fold(pl.get("name") or ""),
                "name_en": pl.get("name_en"), "country": pl.get("country"), "lat": pl.get("lat"),
                "lon": pl.get("lon"), "geonameid": pl.get("geonameid")})
            place_by_name[fold(pl.get("name") or "")] = key
            for m in pl.get("mentions") or []:
                pm_rows.append({"article_id": aid, "place_id": key, "start": m.get("start"),
                                "end": m.get("end"), "text": m.get("text") or ""})
                place_by_name.setdefault(fold(m.get("text") or ""), key)

        date_rows = [{"article_id": aid, "start": d.get("start"), "end": d.get("end"),
                      "text": d.get("text") or "", "value": _parse_date(d.get("value")),
                      "grain": d.get("grain")} for d in rec.get("dates") or []]

        event_rows, actor_rows, event_ids = [], [], set()
        for i, ev in enumerate(rec.get("events") or []):
            eid = f"{aid}:{ev.get('id') or f'e{i + 1}'}"
            if eid in event_ids:              # two records with one id: keep both
                eid = f"{eid}.{i + 1}"
            event_ids.add(eid)
            info = ev.get("text_info") or {}
            attributed = ev.get("attributed_to")
            ev_date = _parse_date(ev.get("date"))
            event_rows.append({
                "id": eid, "article_id": aid, "type": ev.get("event"), "mode": ev.get("mode"),
                "cameo": ev.get("cameo"), "quad": ev.get("quad_code"),
                "negated": bool(ev.get("negated")), "hedged": bool(ev.get("hedged")),
                "attributed_entity_id": note(attributed),
                "attributed_name": (attributed.get("entity_text") or attributed.get("name")) if attributed else None,
                "date": ev_date, "day": ev_date or published, "place": ev.get("place"),
                "place_id": place_by_name.get(fold(ev.get("place") or "")) if ev.get("place") else None,
                "start": info.get("start"), "end": info.get("end"), "event_text": ev.get("event_text"),
                "confidence": ev.get("confidence"), "rule": ev.get("rule")})
            for role in ("actor", "recipient"):
                for pos, ent in enumerate(ev.get(role) or []):
                    actor_rows.append({"event_id": eid, "role": role, "position": pos,
                                       "entity_id": note(ent), "code": ent.get("code"),
                                       "sector": _one(ent.get("sector")),
                                       "text": ent.get("entity_text") or ent.get("name")})

        quote_rows = []
        for i, q in enumerate(rec.get("quotes") or []):
            sp = q.get("speaker")
            quote_rows.append({
                "id": f"{aid}:q{i + 1}", "article_id": aid, "speaker_entity_id": note(sp),
                "speaker_text": (sp.get("entity_text") or sp.get("name")) if sp else None,
                "cue": q.get("cue"), "text": q.get("text") or "", "start": q.get("start"),
                "end": q.get("end"), "direct": q.get("direct"), "date": _parse_date(q.get("date"))})

        entity_rows = sorted(({
            "id": key, "name": e.get("name") or e.get("entity_text") or key,
            "name_fold": fold(e.get("name") or e.get("entity_text") or key),
            "name_en": e.get("name_en"), "code": e.get("code"), "sector": _one(e.get("sector")),
            "kind": e.get("kind"), "wikidata": e.get("wikidata")} for key, e in ents.items()),
            key=lambda r: r["id"])
        # sorted keys: concurrent writers take row locks in the same order (no deadlocks)
        _insert_ignore(conn, S.entities, entity_rows)
        _insert_ignore(conn, S.entity_names, [{"entity_id": k, "name_fold": n}
                                              for k, n in sorted(names) if n])
        _insert_ignore(conn, S.places, sorted(place_rows.values(), key=lambda r: r["id"]))
        for table, rows in ((S.mentions, mention_rows), (S.place_mentions, pm_rows),
                            (S.dates, date_rows), (S.events, event_rows),
                            (S.event_actors, actor_rows), (S.quotes, quote_rows)):
            if rows:
                conn.execute(table.insert(), rows)
        sent_rows = [{"article_id": aid, "start": s, "end": e, "text_fold": fold(text[s:e])}
                     for s, e in split_sentences(text)]
        if sent_rows:
            conn.execute(S.sentences.insert(), sent_rows)
        conn.execute(S.article_signatures.insert(), [{"article_id": aid, "num_perm": sig.hashvalues.size,
                                                       "scheme": scheme(), "signature": to_bytes(sig)}])

    # -- reading ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Row count of every table."""
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in S.metadata.sorted_tables}

    def article(self, article_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(S.articles).where(S.articles.c.id == article_id)).mappings().first()
            return dict(row) if row else None

    def events(self, actor=None, recipient=None, type=None, since=None, until=None, country=None,
               include_negated: bool = False, limit: int | None = None) -> list[dict]:
        from ..query.events import query_events

        return query_events(self, actor=actor, recipient=recipient, type=type, since=since, until=until,
                            country=country, include_negated=include_negated, limit=limit)

    def event_counts(self, by: str = "story", **filters) -> dict[str, int]:
        from ..query.events import event_counts

        return event_counts(self, by=by, **filters)

    def export(self, fmt: str, out, **filters) -> list[str]:
        from ..query.export import export_all

        return export_all(self, fmt, out, **filters)

    def ask(self, question: str, lang: str | None = None) -> dict:
        from ..query.ask import Asker

        if self._asker is None:
            self._asker = Asker(self)
        return self._asker.ask(question, lang=lang)

    def embed_sentences(self, batch: int = 64, limit: int | None = None) -> int:
        """Fill the embedding cache for stored sentences (optional: `ask` embeds what it needs)."""
        from ..query.semantic import embed_missing

        return embed_missing(self, batch=batch, limit=limit)


def _one(sector):
    if isinstance(sector, (list, tuple)):
        return sector[0] if sector else None
    return sector


class _Progress:
    """A rich progress line with articles/s, only on a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._p = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._p = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                               TextColumn("[bold]{task.completed}[/] articles"),
                               TextColumn("{task.fields[rate]:.1f} articles/s"),
                               TextColumn("stored {task.fields[stored]} dup {task.fields[dup]} "
                                          "skipped {task.fields[skipped]}"),
                               TimeElapsedColumn(), transient=False)
            self._p.start()
            self._task = self._p.add_task("ingest", total=None, rate=0.0, stored=0, dup=0, skipped=0)
            self._t0 = time.perf_counter()
        return self

    def advance(self, s: Summary) -> None:
        if self._p is not None:
            elapsed = time.perf_counter() - self._t0
            self._p.update(self._task, advance=1, rate=(s.stored / elapsed) if elapsed else 0.0,
                           stored=s.stored, dup=s.duplicates, skipped=len(s.skipped))

    def __exit__(self, *exc):
        if self._p is not None:
            self._p.stop()
