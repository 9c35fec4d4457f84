"""Run the pipeline on many cores or a Dask cluster.

Two engines, both giving the same analysis as the single-process `Store.ingest`:

* `ingest_local(store, paths, workers=N)`: a pool of N processes (spawn-safe; each loads the
  knowledge base once) analyses the articles while the parent stores them in input order, so the
  database ends up exactly as after a single-process run (same ids, events and story clusters).
* `run_partitioned(paths, out, client=...)`: the inputs are cut into partitions (groups of small
  files, runs of JSONL lines, ranges of WARC records); each partition is analysed on a worker and
  written as Parquet (see `marsad.scale.parquet`). Partitions already written are skipped, a failed
  one is retried and, if it still fails, reported. With `client=None` a local process pool runs
  the partitions instead of Dask. `load_into_store` then bulk-loads the Parquet into a database.
"""
from __future__ import annotations

import bz2
import concurrent.futures as cf
import gzip
import hashlib
import io
import json
import lzma
import multiprocessing
import os
import time
import zlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import IO, Any, Callable, Iterable, Iterator

from ..ingest import MAX_ARTICLE_BYTES, Article, Skip, read_inputs
from ..ingest.readers import walk_files
from ..store.store import Store, Summary
from .warc import index_warc, is_warc, open_binary, read_warc

# Bump when the Parquet layout or the partitioning changes: old partitions are then redone.
FORMAT_VERSION = 1
DEFAULT_PARTITION_SIZE = 500
_HEAD_BYTES = 1 << 20     # files up to this size are read whole, exactly as the reader does
_COMPRESSED: dict[str, Callable[..., IO[bytes]]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_JSONL_EXT = (".jsonl", ".ndjson", ".json")


@dataclass
class ScaleSummary(Summary):
    """The store's summary plus what the parallel run did."""

    engine: str = "local"
    workers: int = 0
    analysed: int = 0                 # articles analysed in this run
    partitions: int = 0
    written: int = 0                  # partitions written in this run
    reused: int = 0                   # partitions found complete from an earlier run
    failed: list[tuple[str, str]] = field(default_factory=list)   # (partition, error)
    out: str | None = None
    partition_keys: list[str] = field(default_factory=list, repr=False)   # in input order

    @property
    def rate(self) -> float:
        n = self.analysed or self.stored
        return n / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        head = (f"{self.engine} engine, {self.workers} worker(s): analysed {self.analysed} articles, "
                f"{self.rate:.1f} articles/s")
        if self.partitions:
            head += (f"; partitions {self.partitions}: written {self.written}, already done {self.reused}, "
                     f"failed {len(self.failed)}" + (f" -> {self.out}" if self.out else ""))
        lines = [head, super().__str__()]
        lines += [f"  FAILED partition {key}: {err}" for key, err in self.failed]
        return "\n".join(lines)


# =============================================================================================
# Reading: the inputs in order (WARC included), for the local engine




def walk(paths: list[str]) -> Iterator[str | Skip]:
    """Files in reading order, as `read_inputs` walks directories (WARC files included). A missing
    path is passed on as it is."""
    for path in paths:
        if path != "-" and "://" not in path and os.path.isdir(path):
            found = False
            for f in walk_files(path):
                found = True
                yield f
            if not found:
                yield Skip(path, "no readable files in directory")
        else:
            yield path


def iter_inputs(paths: list[str], published: date | None = None) -> Iterator[Article | Skip]:
    """`read_inputs`, which reads WARC files too when this extra is installed."""
    yield from read_inputs(list(paths), published)


# =============================================================================================
# The local engine: a process pool, results stored in input order

_worker_pipeline = None


def _init_worker(kb_dirs: tuple[str, ...]) -> None:
    global _worker_pipeline
    from ..pipeline import Pipeline

    _worker_pipeline = Pipeline.load(kb_dirs)


def _analyze_batch(articles: list[Article]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for art in articles:
        try:
            out.append(("ok", _worker_pipeline.analyze(art)))
        except Exception as exc:  # one bad article must not stop the run
            out.append(("error", f"analysis failed: {type(exc).__name__}: {exc}"))
    return out


def _spawn_pool(workers: int, kb_dirs: tuple[str, ...]) -> cf.ProcessPoolExecutor:
    # spawn: no fork of a parent that holds database connections or threads
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                  initializer=_init_worker, initargs=(tuple(kb_dirs),))


def _log_skip(store, path: str, reason: str, summary: Summary) -> None:
    log = getattr(store, "_log_skip", None)
    if log is not None:
        log(path, reason, summary)        # also recorded in the database's ingest log
    else:
        summary.skipped.append((str(path), str(reason)))


_count = Store._count   # the store's own tally of stored / duplicate / near-duplicate


def ingest_local(store, paths: list[str], workers: int | None = None, kb_dirs: Iterable[str] = (),
                 published: date | None = None, batch: int = 8) -> ScaleSummary:
    """Analyse on `workers` processes (default: all cores) and store in input order.

    Articles already in the database are skipped before analysis, as in `Store.ingest`; the parent
    reads the inputs and writes the database (one transaction per article), the children only
    analyse, so the database is the same as after a single-process run.
    """
    workers = workers or os.cpu_count() or 1
    summary = ScaleSummary(engine="local", workers=workers)
    t0 = time.perf_counter()
    window = max(2, workers * 3)           # batches in flight: enough to keep every process busy
    queue: list[tuple[cf.Future | None, list[Article] | Skip]] = []   # in input order
    in_flight = 0

    def settle(max_in_flight: int) -> None:
        nonlocal in_flight
        while queue and (in_flight > max_in_flight or queue[0][0] is None):
            fut, what = queue.pop(0)
            if fut is None:
                _log_skip(store, what.path, what.reason, summary)
                continue
            in_flight -= 1
            for art, (status, value) in zip(what, fut.result()):
                if status == "ok":
                    summary.analysed += 1
                    _count(store.store_record(value, path=art.path), summary)
                else:
                    _log_skip(store, art.path or art.id, value, summary)

    with _spawn_pool(workers, tuple(kb_dirs)) as pool:
        todo: list[Article] = []

        def submit() -> None:
            nonlocal todo, in_flight
            if todo:
                queue.append((pool.submit(_analyze_batch, todo), todo))
                in_flight += 1
                todo = []

        for item in iter_inputs(list(paths), published):
            if isinstance(item, Skip):
                submit()
                queue.append((None, item))
            elif store.has_article(item.id):
                summary.duplicates += 1
            else:
                todo.append(item)
                if len(todo) >= batch:
                    submit()
            settle(window)
        submit()
        settle(0)
    summary.seconds = time.perf_counter() - t0
    return summary


# =============================================================================================
# Partitions: what each task reads


@dataclass(frozen=True)
class Segment:
    """A piece of one input file. kind: "file" (the whole file, through the ingest reader),
    "lines" (JSON lines `start`..`start + count - 1`, 1-based; `offset` is the byte offset of line
    `start` in an uncompressed file), "warc" (records that begin in bytes [start, stop)), or "skip"."""

    kind: str
    path: str
    start: int = 0
    count: int | None = None
    stop: int | None = None
    offset: int | None = None
    size: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Partition:
    index: int                        # position in input order
    key: str                          # content key: names the output files
    segments: tuple[Segment, ...]
    weight: int                       # about how many articles


def partition_key(segments: Iterable[Segment], published: date | None, kb_dirs: Iterable[str]) -> str:
    spec = [FORMAT_VERSION, published.isoformat() if published else None, sorted(kb_dirs),
            [asdict(s) for s in segments]]
    return hashlib.sha1(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:20]


def _size(path: str) -> int | None:
    try:
        if "://" in path and not path.startswith("file://"):
            from fsspec.core import url_to_fs

            fs, p = url_to_fs(path)
            return fs.size(p)
        return os.path.getsize(path.removeprefix("file://"))
    except (OSError, ValueError):
        return None


def _compression(path: str) -> str | None:
    low = path.lower()
    return next((c for c in _COMPRESSED if low.endswith(c)), None)


def _open_decompressed(path: str) -> IO[bytes]:
    raw = open_binary(path)
    comp = _compression(path)
    if comp is None:
        return raw
    return {".gz": lambda f: gzip.GzipFile(fileobj=f), ".bz2": bz2.BZ2File, ".xz": lzma.LZMAFile}[comp](raw)


def _line_starts(stream: IO[bytes], every: int) -> tuple[list[tuple[int, int]], int]:
    """(line number, byte offset) of lines 1, 1 + every, 1 + 2*every ... and the number of lines."""
    marks = [(1, 0)]
    line, pos, last = 1, 0, b"\n"
    while True:
        block = stream.read(8 << 20)
        if not block:
            break
        i = 0
        while True:
            j = block.find(b"\n", i)
            if j < 0:
                break
            line += 1
            if (line - 1) % every == 0:
                marks.append((line, pos + j + 1))
            i = j + 1
        pos += len(block)
        last = block[-1:]
    lines = line - 1 if last == b"\n" else line
    if marks and marks[-1][0] > lines:
        marks.pop()
    return marks, lines


def plan_file(path: str, partition_size: int = DEFAULT_PARTITION_SIZE) -> list[tuple[Segment, int]]:
    """Cut one input into segments of at most about `partition_size` articles: (segment, weight).

    Large JSON-lines files (also .gz/.bz2/.xz) are cut into runs of lines and WARC files into ranges
    of records; any other file, and a JSON file the reader would take whole (a small one, an
    array, UTF-16), is one segment read by the ingest reader itself.
    """
    if path == "-":
        return [(Segment("skip", path, reason="standard input cannot be partitioned; use --engine "
                                              "local or single"), 0)]
    size = _size(path)
    remote = "://" in path and not path.startswith("file://")
    if size is None:
        return [(Segment("skip", path, reason="not found"), 0)]
    if is_warc(path):
        try:
            records = index_warc(path)
        except Exception as e:  # warcio raises several types on a broken file
            return [(Segment("skip", path, reason=f"broken WARC: {e}"), 0)]
        out, first, pages = [], None, 0
        for offset, html in records:
            if first is None:
                first = offset
            if html:
                if pages == partition_size:
                    out.append((Segment("warc", path, start=first, stop=offset, size=size), pages))
                    first, pages = offset, 0
                pages += 1
        if first is not None and pages:
            out.append((Segment("warc", path, start=first, stop=None, size=size), pages))
        return out
    low = path.lower()
    is_json = any(low.endswith(e) or any(low.endswith(e + c) for c in _COMPRESSED) for e in _JSONL_EXT)
    if not is_json:
        if remote:
            return [(Segment("skip", path, reason="remote inputs must be JSON lines or WARC"), 0)]
        return [(Segment("file", path, size=size), 1)]
    try:
        with _open_decompressed(path) as fh:
            head = fh.read(_HEAD_BYTES + 1)
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as e:
        return [(Segment("file", path, size=size), 1)] if not remote else \
            [(Segment("skip", path, reason=f"unreadable: {e}"), 0)]
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    whole = (not probe or probe.startswith(b"[") or head.startswith((b"\xff\xfe", b"\xfe\xff"))
             or b"\x00" in head[:4096] or (len(head) <= _HEAD_BYTES and _one_document(head)))
    if whole:
        if remote:
            return [(Segment("skip", path, reason="remote JSON must be JSON lines over 1 MB"), 0)]
        return [(Segment("file", path, size=size), max(1, head.count(b"\n")))]
    compressed = _compression(path) is not None
    with _open_decompressed(path) as fh:
        marks, lines = _line_starts(fh, partition_size)
    out = []
    for first, offset in marks:
        count = min(partition_size, lines - first + 1)
        out.append((Segment("lines", path, start=first, count=count,
                            offset=None if compressed else offset, size=size), count))
    return out


def _one_document(data: bytes) -> bool:
    """Whether the reader would take this small file as one JSON document (else as JSON lines)."""
    from ..ingest.readers import _Bad, decode_bytes

    try:
        json.loads(decode_bytes(data))
    except (json.JSONDecodeError, _Bad, RecursionError):
        return False
    return True


def make_partitions(planned: list[tuple[Segment, int]], partition_size: int, published: date | None,
                    kb_dirs: Iterable[str]) -> list[Partition]:
    """Group consecutive whole-file segments up to `partition_size` articles; a run of lines or of
    WARC records is a partition of its own. Input order is kept."""
    groups: list[tuple[list[Segment], int]] = []
    cur: list[Segment] = []
    weight = 0
    for seg, w in planned:
        if seg.kind in ("file", "skip"):
            if cur and weight + w > partition_size:
                groups.append((cur, weight))
                cur, weight = [], 0
            cur.append(seg)
            weight += w
        else:
            if cur:
                groups.append((cur, weight))
                cur, weight = [], 0
            groups.append(([seg], w))
    if cur:
        groups.append((cur, weight))
    return [Partition(i, partition_key(segs, published, kb_dirs), tuple(segs), w)
            for i, (segs, w) in enumerate(groups)]


class _LineLimit(io.RawIOBase):
    """The next `n` lines of a stream and then end of file (for `readline` users)."""

    def __init__(self, stream: IO[bytes], n: int):
        self._stream = stream
        self._left = n

    def readable(self) -> bool:
        return True

    def readline(self, size: int = -1) -> bytes:  # type: ignore[override]
        if self._left <= 0:
            return b""
        data = self._stream.readline(size)
        if not data or data.endswith(b"\n"):
            self._left -= 1
        if not data:
            self._left = 0
        return data


def _read_lines(seg: Segment, published: date | None) -> Iterator[Article | Skip]:
    from ..ingest.readers import _json_lines

    fh = _open_decompressed(seg.path)
    with fh:
        if seg.offset is not None:
            fh.seek(seg.offset)
        else:
            skip = seg.start - 1
            while skip > 0:
                part = fh.readline(1 << 20)
                if not part:
                    break
                if part.endswith(b"\n"):
                    skip -= 1
        shift = seg.start - 1
        for item in _json_lines(_LineLimit(fh, seg.count or 0), seg.path, published, MAX_ARTICLE_BYTES):
            # the reader numbers lines from 1 here: give them their place in the file
            label, _, num = (item.path or "").rpartition(":")
            if label == seg.path and num.isdigit():
                where = f"{label}:{int(num) + shift}"
                item = Skip(where, item.reason) if isinstance(item, Skip) else _with_path(item, where)
            yield item


def _with_path(art: Article, path: str) -> Article:
    art.path = path
    return art


def read_segment(seg: Segment, published: date | None = None) -> Iterator[Article | Skip]:
    if seg.kind == "skip":
        yield Skip(seg.path, seg.reason)
    elif seg.kind == "file":
        yield from read_inputs([seg.path], published)
    elif seg.kind == "lines":
        try:
            yield from _read_lines(seg, published)
        except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as e:
            yield Skip(f"{seg.path}:{seg.start}", f"read error: {e}")
    elif seg.kind == "warc":
        yield from read_warc(seg.path, published, start=seg.start, stop=seg.stop)
    else:
        raise ValueError(f"unknown segment kind {seg.kind!r}")


# =============================================================================================
# One partition on a worker


def run_partition(part: Partition, out: str, kb_dirs: tuple[str, ...] = (), published: date | None = None,
                  overwrite: bool = False) -> dict:
    """Read, analyse and write one partition; returns its manifest. Safe to run again: a complete
    partition is not redone, an incomplete one is written over."""
    from ..pipeline import Pipeline
    from .parquet import PartitionStore, to_tables

    ps = PartitionStore(out)
    if not overwrite and ps.is_done(part.key):
        return {**ps.manifest(part.key), "reused": True}
    t0 = time.perf_counter()
    pipe = Pipeline.load(kb_dirs)
    done: list[tuple[dict, str | None]] = []
    skips: list[tuple[str, str]] = []
    for seg in part.segments:
        for item in read_segment(seg, published):
            if isinstance(item, Skip):
                skips.append((item.path, item.reason))
                continue
            try:
                done.append((pipe.analyze(item), item.path))
            except Exception as exc:  # one bad article must not stop the partition
                skips.append((item.path or item.id, f"analysis failed: {type(exc).__name__}: {exc}"))
    analysed = time.perf_counter() - t0
    tables = to_tables(done, part.key)
    manifest = {"key": part.key, "index": part.index, "segments": [asdict(s) for s in part.segments],
                "articles": len(done), "events": tables["events"].num_rows, "skipped": skips,
                "seconds": round(analysed, 3), "worker": _worker_name(), "format": FORMAT_VERSION}
    ps.write(part.key, tables, manifest)
    return {**manifest, "reused": False}


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


try:  # the Dask plugin needs its base class at import time; Dask itself stays optional
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - without the scale extra
    _WorkerPlugin = object


class PipelinePlugin(_WorkerPlugin):
    """Loads the knowledge base and pipeline when a worker starts (also a restarted one), so no
    task pays for it and it is loaded once per worker process."""

    name = "marsad-pipeline"

    def __init__(self, kb_dirs: tuple[str, ...] = ()):
        self.kb_dirs = tuple(kb_dirs)

    def setup(self, worker=None) -> None:
        from ..pipeline import Pipeline

        Pipeline.load(self.kb_dirs)


# =============================================================================================
# Drivers


def plan(paths: list[str], partition_size: int, published: date | None, kb_dirs: tuple[str, ...],
         mapper: Callable[[Callable, list], list] | None = None) -> tuple[list[Partition], list[Skip]]:
    """Partitions of all inputs (planning of each file through `mapper`, e.g. on the cluster)."""
    files, skips = [], []
    for f in walk(list(paths)):
        (skips if isinstance(f, Skip) else files).append(f)
    if mapper is not None:
        planned = mapper(plan_file, files, partition_size)
    else:
        planned = [plan_file(p, partition_size) for p in files]
    flat = [pair for per_file in planned for pair in per_file]
    return make_partitions(flat, partition_size, published, kb_dirs), skips


def run_partitioned(paths: list[str], out: str, *, client=None, workers: int | None = None,
                    partition_size: int = DEFAULT_PARTITION_SIZE, kb_dirs: Iterable[str] = (),
                    published: date | None = None, retries: int = 2,
                    on_result: Callable[[dict], None] | None = None) -> ScaleSummary:
    """Analyse every input into partitioned Parquet under `out` (a path or fsspec URL).

    `client`: a `distributed.Client` (the Dask engine); None runs the partitions on a local pool of
    `workers` processes. A partition that raises is retried `retries` times, then reported in
    `summary.failed`; the others are kept, and the same call later does only what is missing.
    """
    from .parquet import PartitionStore

    kb_dirs = tuple(str(d) for d in kb_dirs)
    if "://" not in out:
        out = os.path.abspath(out)          # workers resolve it, not this directory
    t0 = time.perf_counter()
    summary = ScaleSummary(engine="dask" if client is not None else "local", out=out)
    if client is not None:
        client.register_plugin(PipelinePlugin(kb_dirs))
        summary.workers = len(client.scheduler_info().get("workers", {}))

        def mapper(fn, items, size):
            futs = client.map(fn, items, partition_size=size, pure=False, retries=retries)
            return client.gather(futs)
    else:
        summary.workers = workers or os.cpu_count() or 1
        mapper = None
    partitions, skips = plan(list(paths), partition_size, published, kb_dirs, mapper)
    summary.partition_keys = [p.key for p in partitions]
    summary.skipped.extend((s.path, s.reason) for s in skips)
    summary.partitions = len(partitions)
    ps = PartitionStore(out)
    done = ps.done()
    todo = [p for p in partitions if p.key not in done]
    summary.reused = len(partitions) - len(todo)
    results: dict[str, dict] = {}
    if todo:
        runner = _run_dask if client is not None else _run_pool
        for key, manifest, error in runner(todo, out, kb_dirs, published, retries, client, summary.workers):
            if error is not None:
                summary.failed.append((key, error))
                continue
            results[key] = manifest
            if on_result is not None:
                on_result(manifest)
    for p in partitions:
        m = results.get(p.key)
        if m is None:
            continue
        if m.get("reused"):
            summary.reused += 1
        else:
            summary.written += 1
            summary.analysed += m["articles"]
        summary.skipped.extend(tuple(s) for s in m.get("skipped", []))
    summary.seconds = time.perf_counter() - t0
    return summary


def _run_dask(todo, out, kb_dirs, published, retries, client, _workers):
    from distributed import as_completed

    futures = {client.submit(run_partition, p, out, kb_dirs, published, key=f"marsad-partition-{p.key}",
                             retries=retries, pure=False): p.key for p in todo}
    for fut in as_completed(futures):
        key = futures[fut]
        try:
            yield key, fut.result(), None
        except Exception as exc:  # reported per partition, never dropped
            yield key, None, f"{type(exc).__name__}: {exc}"
        finally:
            fut.release()


def _run_pool(todo, out, kb_dirs, published, retries, _client, workers):
    attempts = {p.key: 0 for p in todo}
    left = list(todo)
    while left:
        again = []
        pool = _spawn_pool(workers, kb_dirs)
        try:
            futures = {pool.submit(run_partition, p, out, kb_dirs, published): p for p in left}
            for fut in cf.as_completed(futures):
                p = futures[fut]
                try:
                    yield p.key, fut.result(), None
                except Exception as exc:  # a broken pool (killed process) or a failing partition
                    attempts[p.key] += 1
                    if attempts[p.key] > retries:
                        yield p.key, None, f"{type(exc).__name__}: {exc}"
                    else:
                        again.append(p)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        left = sorted(again, key=lambda p: p.index)


def load_into_store(store, out: str, partitions: list[str] | None = None,
                    summary: ScaleSummary | None = None) -> ScaleSummary:
    """Store the analysed records of complete partitions (input order when `partitions` gives the
    keys in order; else key order). Articles already stored are counted as duplicates."""
    from .parquet import PartitionStore

    ps = PartitionStore(out)
    summary = summary or ScaleSummary(engine="load", out=out)
    t0 = time.perf_counter()
    done = ps.done()
    keys = [k for k in partitions if k in done] if partitions is not None else sorted(done)
    for key in keys:
        for rec, path in ps.records(key):
            _count(store.store_record(rec, path=path), summary)
    summary.seconds += time.perf_counter() - t0
    return summary
