"""Command-line options of the parallel engines, for `marsad ingest`.

    marsad ingest corpus/ --engine local                      # all cores, into the database
    marsad ingest crawl.warc.gz --engine dask --workers 2 --out-dir parquet/
    marsad ingest s3://bucket/news/*.jsonl.gz --engine dask --scheduler tcp://10.0.0.5:8786 \\
        --out-dir s3://bucket/marsad/ --db postgresql://user@db/marsad

`--engine local` without `--out-dir` stores into the database exactly as the single-process run.
With `--out-dir` (and always with `--engine dask`) the analysis is written as partitioned Parquet;
it is then loaded into the database when `--db` is given, or when there is no `--out-dir`.
Parquet export of an existing database is `marsad export --format parquet`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from typing import Any

ENGINES = ("single", "local", "dask")


def register(subparsers) -> None:
    """Nothing of its own: the options join `marsad ingest` (see `add_engine_arguments`), and
    `marsad export --format parquet` is the store's."""


def add_engine_arguments(parser: argparse.ArgumentParser, default: str = "single") -> None:
    g = parser.add_argument_group("parallel and cluster runs (needs marsad[scale] for dask and Parquet)")
    g.add_argument("--engine", choices=ENGINES, default=default,
                   help="single: one process; local: a process per core; dask: a Dask cluster "
                        f"(default: {default})")
    g.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="address of a running Dask scheduler (default: start a local cluster)")
    g.add_argument("--workers", type=int, metavar="N",
                   help="processes (local) or local-cluster workers (dask); default: all cores")
    g.add_argument("--out-dir", metavar="DIR|URL",
                   help="write partitioned Parquet here (a path or an fsspec URL such as s3://...)")
    g.add_argument("--partition-size", type=int, default=None, metavar="N",
                   help="articles per partition (default 500)")
    g.add_argument("--retries", type=int, default=2, metavar="N",
                   help="times a failed partition is retried before it is reported (default 2)")


def _kb_dirs(args) -> tuple[str, ...]:
    return tuple(getattr(args, "kb", None) or ())


def run_engine(args: argparse.Namespace, store=None):
    """Run `args.engine` over `args.paths`; returns a `ScaleSummary` (a store `Summary`).

    `store`: an open `Store` to write into; None opens `--db` when the run writes the database.
    """
    from .engine import (
        DEFAULT_PARTITION_SIZE,
        ingest_local,
        load_into_store,
        run_partitioned,
    )

    engine = getattr(args, "engine", "single")
    paths = list(args.paths)
    workers = getattr(args, "workers", None)
    out_dir = getattr(args, "out_dir", None)
    db = getattr(args, "db", None)
    published = getattr(args, "published", None)
    size = getattr(args, "partition_size", None) or DEFAULT_PARTITION_SIZE
    retries = getattr(args, "retries", 2)
    load = db is not None or not out_dir
    opened = None

    def the_store():
        nonlocal opened
        if store is not None:
            return store
        if opened is None:
            from ..api import connect

            opened = connect(db)
        return opened

    try:
        if engine == "single":
            return the_store().ingest(paths, progress=False)
        if engine == "local" and not out_dir:
            return ingest_local(the_store(), paths, workers=workers, kb_dirs=_kb_dirs(args), published=published)
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}")
        scheduler = getattr(args, "scheduler", None)
        if engine == "dask" and scheduler:
            if not out_dir:
                raise ValueError("--scheduler needs --out-dir: a directory or URL every worker can write")
            # workers on other hosts resolve paths from their own working directory
            paths = [os.path.abspath(p) if p != "-" and "://" not in p and os.path.exists(p) else p
                     for p in paths]
        scratch = None
        if not out_dir:
            scratch = out_dir = tempfile.mkdtemp(prefix="marsad-parquet-")
        client = cluster = None
        try:
            if engine == "dask":
                client, cluster = _dask_client(scheduler, workers)
            summary = run_partitioned(paths, out_dir, client=client, workers=workers, partition_size=size,
                                      kb_dirs=_kb_dirs(args), published=published, retries=retries)
            if load:
                load_into_store(the_store(), summary.out, summary.partition_keys, summary)
            if scratch is None:
                summary.out = out_dir
            else:
                summary.out = None
            return summary
        finally:
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
    finally:
        if opened is not None:
            opened.close()


def _dask_client(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RuntimeError("the dask engine needs Dask: pip install 'marsad[scale]'") from None
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def main(argv: list[str] | None = None) -> int:
    """`python -m marsad.scale.cli PATH ... --engine dask --out-dir DIR [--db URL]`."""
    from datetime import date

    p = argparse.ArgumentParser(prog="python -m marsad.scale.cli", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=None, metavar="URL")
    p.add_argument("--kb", action="append", metavar="DIR")
    p.add_argument("--published", type=date.fromisoformat, default=None)
    add_engine_arguments(p, default="local")
    args = p.parse_args(argv)
    try:
        summary = run_engine(args)
    except (RuntimeError, ValueError) as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return 2
    print(summary, file=sys.stderr)
    return 1 if getattr(summary, "failed", None) else 0


if __name__ == "__main__":
    sys.exit(main())
