"""Scaling benchmark: articles/s of the analysis on one process, on a local process pool and on a
Dask cluster of 1 and 2 workers.

Usage: python bench/scale.py [CORPUS.jsonl] [--articles 20000] [--modes single,local2,dask1,dask2]
                             [--partition-size 500]

The corpus is repeated until it has --articles articles; every copy gets a small change (a
copy number line at the end of the text) so that each has its own id, as distinct articles would.
single: read + analyse in this process. local2: `run_partitioned` on 2 spawned processes.
daskN: `run_partitioned` on a LocalCluster of N single-threaded worker processes (cluster start
not timed; the knowledge base load on the workers is). Both parallel modes write the five Parquet
tables to a scratch directory, so their figures include that output.
Note: the figures depend on what else runs on the machine; the load average is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "corpus" / "arabic_political_news.jsonl"


def make_corpus(src: Path, n: int, dst: Path) -> int:
    lines = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    written = 0
    with open(dst, "w", encoding="utf-8") as out:
        copy = 0
        while written < n:
            for rec in lines:
                if written >= n:
                    break
                if copy:
                    rec = {**rec, "id": f"{rec.get('id')}#{copy}", "text": f"{rec['text']}\nنسخة {copy}"}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += 1
            copy += 1
    return written


def bench_single(path: Path) -> tuple[int, float]:
    from marsad.ingest import Article, read_inputs
    from marsad.pipeline import Pipeline

    t0 = time.perf_counter()
    pipe = Pipeline.load()
    n = 0
    for art in read_inputs([str(path)]):
        if isinstance(art, Article):
            pipe.analyze(art)
            n += 1
    return n, time.perf_counter() - t0


def bench_partitioned(path: Path, workers: int, dask: bool, size: int) -> tuple[int, float]:
    from marsad.scale import run_partitioned

    out = tempfile.mkdtemp(prefix="marsad-bench-")
    client = cluster = None
    try:
        if dask:
            from distributed import Client, LocalCluster

            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        busy: list[float] = []
        s = run_partitioned([str(path)], out, client=client, workers=workers, partition_size=size,
                            on_result=lambda m: busy.append(m["seconds"]))
        if s.failed:
            print(f"  failed partitions: {s.failed}", file=sys.stderr)
        if busy:
            print(f"  per worker, inside partitions: {s.analysed / sum(busy):.1f} articles/s", flush=True)
        return s.analysed, s.seconds
    finally:
        if client is not None:
            client.close()
            cluster.close()
        shutil.rmtree(out, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--modes", default="single,local2,dask1,dask2")
    ap.add_argument("--partition-size", type=int, default=500)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="marsad-bench-corpus-"))
    try:
        path = tmp / "corpus.jsonl"
        n = make_corpus(Path(args.corpus), args.articles, path)
        print(f"{n} articles ({path.stat().st_size / 1e6:.0f} MB); {os.cpu_count()} cores; "
              f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
        rates: dict[str, float] = {}
        for mode in args.modes.split(","):
            if mode == "single":
                done, sec = bench_single(path)
            elif mode.startswith("local"):
                done, sec = bench_partitioned(path, int(mode[5:] or 2), False, args.partition_size)
            elif mode.startswith("dask"):
                done, sec = bench_partitioned(path, int(mode[4:] or 2), True, args.partition_size)
            else:
                raise SystemExit(f"unknown mode {mode!r}")
            rates[mode] = done / sec if sec else 0.0
            print(f"{mode:8} {done:6d} articles in {sec:7.1f} s: {rates[mode]:6.1f} articles/s"
                  f"   (load average now {os.getloadavg()[0]:.2f})", flush=True)
        if "dask1" in rates and "dask2" in rates and rates["dask1"]:
            print(f"dask 1 -> 2 workers: {rates['dask2'] / rates['dask1']:.2f}x")
        if "single" in rates and "local2" in rates and rates["single"]:
            print(f"single -> local 2 processes: {rates['local2'] / rates['single']:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
