"""A bounded load test: 1,000 requests from 50 concurrent clients against `marsad serve` (started
as its own process by the real command) on a free loopback port; no request may fail."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from web_fixtures import build_db  # noqa: E402

BENCH = Path(__file__).resolve().parents[1] / "bench" / "web_bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("web_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_thousand_requests_fifty_clients_no_errors(tmp_path_factory):
    db = build_db(tmp_path_factory.getbasetemp() / "webdb")
    bench = _bench()
    with bench.ServeProcess(str(db)) as srv:
        paths = bench.default_paths(srv.url)
        assert len(paths) >= 15
        res = bench.run_load(srv.url, paths, requests=1000, concurrency=50, time_limit=240)
    print(f"\nweb load: {res['requests']} requests, {res['concurrency']} clients, {res['seconds']} s, "
          f"{res['rps']} req/s; p50 {res['p50_ms']} ms, p99 {res['p99_ms']} ms, max {res['max_ms']} ms, "
          f"errors {res['errors']}")
    assert res["errors"] == 0, res["error_samples"]
    assert res["requests"] == 1000
    assert res["p50_ms"] <= res["p99_ms"] <= res["max_ms"]
