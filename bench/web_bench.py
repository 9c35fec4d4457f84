"""Load benchmark of `marsad serve`: N requests from C concurrent clients on loopback.

    python bench/web_bench.py --db marsad.db                 # starts its own server on a free port
    python bench/web_bench.py --url http://127.0.0.1:8000    # a server that is already running
    python bench/web_bench.py --db marsad.db --requests 5000 --concurrency 100

Prints latency percentiles overall and per endpoint, throughput and errors; exits non-zero on any
error. Traffic goes only to the given loopback server; every loop is bounded in count and time.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from urllib.parse import quote, urlsplit


def default_paths(base_url: str, client=None) -> list[str]:
    """A mix of API calls and pages, weighted like a dashboard session (lists and filters most)."""
    import httpx

    c = client or httpx.Client(base_url=base_url, timeout=30)
    arts = c.get("/api/articles", params={"limit": 5}).json()["items"]
    ents = c.get("/api/entities", params={"limit": 3}).json()["items"]
    paths = ["/api/events?limit=50", "/api/events?type=SUPPORT&include_negated=true",
             "/api/events?since=2019-01-01&limit=20&offset=10", "/api/articles?limit=20",
             "/api/articles?q=" + quote("حفتر"), "/api/stats", "/api/entities?limit=50",
             "/api/quotes?limit=20", "/api/network?around=" + quote("حفتر"), "/api/network",
             "/api/timeline", "/api/map", "/api/events?format=csv&limit=100", "/openapi.json",
             "/static/charts.js", "/network", "/timeline"]
    for a in arts[:3]:
        paths += [f"/api/articles/{a['id']}", f"/article/{a['id']}"]
    for e in ents[:2]:
        paths += ["/api/entities/" + quote(e["id"], safe=""), "/actor/" + quote(e["id"], safe="")]
    if client is None:
        c.close()
    return paths


def run_load(base_url: str, paths: list[str], requests: int = 1000, concurrency: int = 50,
             time_limit: float = 300.0) -> dict:
    """`requests` GETs spread over `concurrency` threads, each with its own keep-alive client."""
    import httpx

    host = urlsplit(base_url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise ValueError("the load test only targets a server on this machine (loopback)")
    lock = threading.Lock()
    counter = [0]
    lat: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    deadline = time.monotonic() + time_limit

    def worker() -> None:
        with httpx.Client(base_url=base_url, timeout=60) as c:
            while time.monotonic() < deadline:
                with lock:
                    i = counter[0]
                    if i >= requests:
                        return
                    counter[0] += 1
                path = paths[i % len(paths)]
                t0 = time.perf_counter()
                try:
                    r = c.get(path)
                    ok = r.status_code == 200 and len(r.content) > 0
                    why = f"{path}: HTTP {r.status_code}"
                except Exception as exc:  # a failed request is counted, not fatal
                    ok, why = False, f"{path}: {type(exc).__name__}: {exc}"
                dt = time.perf_counter() - t0
                with lock:
                    lat[path.split("?")[0] if not path.startswith("/api/") else path.split("?")[0]].append(dt)
                    if not ok:
                        errors.append(why)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1.0, deadline - time.monotonic() + 5))
    wall = time.perf_counter() - t0
    every = sorted(x for v in lat.values() for x in v)
    return {"requests": len(every), "concurrency": concurrency, "errors": len(errors),
            "error_samples": errors[:5], "seconds": round(wall, 3),
            "rps": round(len(every) / wall, 1) if wall else 0.0,
            "p50_ms": round(_pct(every, 50) * 1000, 1), "p90_ms": round(_pct(every, 90) * 1000, 1),
            "p99_ms": round(_pct(every, 99) * 1000, 1), "max_ms": round(every[-1] * 1000, 1) if every else 0.0,
            "per_endpoint": {k: {"n": len(v), "p50_ms": round(_pct(sorted(v), 50) * 1000, 1),
                                 "p99_ms": round(_pct(sorted(v), 99) * 1000, 1)} for k, v in sorted(lat.items())}}


def _pct(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[min(98, max(0, int(p) - 1))] \
        if p < 100 else sorted_values[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeProcess:
    """`marsad serve --db DB` in a child process on a free loopback port."""

    def __init__(self, db: str, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cmd = [sys.executable, "-c", "import sys; from marsad.cli import main; sys.exit(main())",
                    "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(self.port)]
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "ServeProcess":
        import httpx

        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("marsad serve exited: " + self.proc.stderr.read().decode(errors="replace"))
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("marsad serve did not come up within 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--db", help="database to serve (a server is started on a free loopback port)")
    src.add_argument("--url", help="base URL of a running server on this machine")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--time-limit", type=float, default=300.0, help="stop sending after this many seconds")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = ap.parse_args(argv)
    if args.db and not os.path.exists(args.db) and "://" not in args.db:
        ap.error(f"no database at {args.db}")

    def go(url: str) -> dict:
        paths = default_paths(url)
        run_load(url, paths, requests=min(100, args.requests), concurrency=min(10, args.concurrency))  # warm-up
        return run_load(url, paths, args.requests, args.concurrency, args.time_limit)

    if args.url:
        res = go(args.url)
    else:
        with ServeProcess(args.db) as srv:
            res = go(srv.url)
    if args.json:
        print(json.dumps(res, indent=2, ensure_ascii=False))
    else:
        print(f"{res['requests']} requests, {res['concurrency']} concurrent clients, {res['seconds']} s, "
              f"{res['rps']} req/s, errors {res['errors']}")
        print(f"latency p50 {res['p50_ms']} ms  p90 {res['p90_ms']} ms  p99 {res['p99_ms']} ms  "
              f"max {res['max_ms']} ms")
        for k, v in res["per_endpoint"].items():
            print(f"  {k:48s} n={v['n']:4d}  p50 {v['p50_ms']:7.1f} ms  p99 {v['p99_ms']:7.1f} ms")
        for e in res["error_samples"]:
            print("  error:", e)
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
