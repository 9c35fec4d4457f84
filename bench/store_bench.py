"""Store benchmark: ingest rate into SQLite (and PostgreSQL), and `ask` latency on ≥ 100k events.

    .venv/bin/python bench/store_bench.py [--articles 200] [--events 100000] [--pg postgresql://...]

1. ingest: N corpus articles through the whole `Store.ingest` (read, analyse, store) into a fresh
   database; also the store alone (`ingest_records` of the same analysed records).
2. grow: synthetic copies of the analysed records (new ids, dates shifted week by week) until the
   database holds at least --events events.
3. ask: median and 95th percentile latency of a few Arabic and English questions (pipeline loaded
   once, as in a long-running process).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.api import connect  # noqa: E402
from marsad.store.stories import signature  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "arabic_political_news.jsonl"
SAMPLE = SHARED / "samples" / "haftar-us-support-2019-04-21.txt"

QUESTIONS = [
    "هل تلقى حفتر دعماً أميركياً؟",
    "Did Haftar receive American support?",
    "من يدعم الحوثيين؟",
    "Who attacked Gharyan in April 2019?",
    "هل هاجمت روسيا إدلب؟",
    "Who supports the Houthis?",
]


def fresh(url: str | None, tmp: Path, name: str) -> str:
    """A new SQLite file, or a new schema `bench_<name>` in the PostgreSQL database (dropped first)."""
    if url is None:
        return str(tmp / f"{name}.db")
    from sqlalchemy import text

    from marsad.store.db import make_engine

    schema = "bench_" + name.replace("-", "_")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def corpus_file(tmp: Path, n: int) -> Path:
    out = tmp / "bench.jsonl"
    with open(CORPUS, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out


def bench_ingest(url: str, inputs: list[str], pipe) -> tuple[float, list[dict]]:
    with connect(url, pipeline=pipe) as s:
        t0 = time.perf_counter()
        summary = s.ingest(inputs, progress=False)
        dt = time.perf_counter() - t0
        print(f"  ingest (read+analyse+store): {summary.stored} articles in {dt:.1f} s = "
              f"{summary.stored / dt:.1f} articles/s; events {s.counts()['events']}")
    return summary.stored / dt


def analysed_records(inputs: list[str], pipe) -> list[dict]:
    from marsad.ingest import Skip, read_inputs

    return [pipe.analyze(a) for a in read_inputs(inputs) if not isinstance(a, Skip)]


def bench_store_only(url: str, records: list[dict]) -> float:
    with connect(url) as s:
        t0 = time.perf_counter()
        summary = s.ingest_records(records)
        dt = time.perf_counter() - t0
    print(f"  store only (ingest_records): {summary.stored} articles in {dt:.2f} s = {summary.stored / dt:.1f} articles/s")
    return summary.stored / dt


def grow(url: str, records: list[dict], target_events: int) -> None:
    """Synthetic copies until the database holds `target_events` events (batched transactions)."""
    with connect(url) as s:
        have = s.counts()["events"]
        per_round = sum(len(r["events"]) for r in records) or 1
        sigs = {r["id"]: signature(r["text"]) for r in records}
        k = 0
        t0 = time.perf_counter()
        while have < target_events:
            k += 1
            with s.engine.begin() as conn:
                for r in records:
                    rec = json.loads(json.dumps(r))
                    rec["id"] = hashlib.sha1(f"{r['id']}#{k}".encode()).hexdigest()[:16]
                    if rec.get("published"):
                        rec["published"] = (date.fromisoformat(rec["published"]) + timedelta(days=7 * k)).isoformat()
                    for ev in rec["events"]:
                        if ev.get("date"):
                            ev["date"] = (date.fromisoformat(ev["date"]) + timedelta(days=7 * k)).isoformat()
                    s._write(conn, rec, None, rec["id"], sigs[r["id"]], new_story=True)
            have += per_round
        s.analyze_tables()
        counts = s.counts()
        print(f"  grown to {counts['articles']} articles, {counts['events']} events "
              f"({time.perf_counter() - t0:.0f} s)")


def bench_ask(url: str, pipe, repeat: int = 7) -> dict[str, tuple[float, float]]:
    out = {}
    with connect(url, pipeline=pipe) as s:
        for q in QUESTIONS:
            s.ask(q)                                   # warm caches (kb, statements)
            times, cpu = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                a = s.ask(q)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            times.sort()
            med, p95 = statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]
            out[q] = (med, p95)
            # CPU time of this process: the part that does not depend on how busy the machine is
            print(f"  {med:7.1f} ms median, {p95:7.1f} ms p95, {statistics.median(cpu):6.1f} ms CPU  "
                  f"for {len(a['for'])} against {len(a['against'])} claims {len(a['claims'])} "
                  f"fallback {a['fallback']}  {q}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--pg", default=None, help="PostgreSQL URL (works in schemas bench_*)")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--skip-grow", action="store_true")
    ap.add_argument("--workdir", default=None, help="keep the databases here (default: a temporary dir)")
    ap.add_argument("--ask-only", action="store_true", help="only time ask on the grown SQLite db in --workdir")
    args = ap.parse_args(argv)

    from marsad.pipeline import Pipeline

    pipe = Pipeline.load()
    if args.ask_only:
        big = (f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3Dbench_postgresql_big"
               if args.pg else str(Path(args.workdir) / "sqlite-big.db"))
        bench_ask(big, pipe)
        return 0
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(args.workdir or d)
        tmp.mkdir(parents=True, exist_ok=True)
        inputs = [str(SAMPLE), str(corpus_file(tmp, args.articles))]
        records = analysed_records(inputs, pipe)
        backends = ([] if args.skip_sqlite else [("sqlite", None)]) + ([("postgresql", args.pg)] if args.pg else [])
        for name, url in backends:
            print(f"{name}:")
            bench_ingest(fresh(url, tmp, f"{name}-ingest"), inputs, pipe)
            bench_store_only(fresh(url, tmp, f"{name}-store"), records)
            if args.skip_grow:
                continue
            big = fresh(url, tmp, f"{name}-big")
            with connect(big) as s:
                s.ingest_records(records)
            grow(big, records, args.events)
            bench_ask(big, pipe)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
