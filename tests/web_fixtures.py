"""Helpers for the web tests: a database filled by the real ingest (the seed article, a few real
corpus articles about Libya and a hostile article), and a real uvicorn server on a free loopback
port. The database is built once per test process and shared read-only by the web test modules."""
from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED = SHARED / "samples" / "haftar-us-support-2019-04-21.txt"
CORPUS = SHARED / "corpus" / "arabic_political_news.jsonl"
SEED_QUESTION = "هل تلقى حفتر دعماً أميركياً؟"
N_CORPUS = 6

# Untrusted text of every kind that could run script or reach the database if it were not escaped.
HOSTILE_TITLE = "عاجل <script>alert(1)</script> \"'><img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    "قال المتحدث باسم الجيش الليبي إن القوات صدت هجوما على مطار طرابلس يوم الأحد.\n"
    "<script>alert(1)</script>\n"
    "<img src=x onerror=alert(1)>\n"
    "<a href=\"javascript:alert(1)\">اضغط هنا</a> [رابط](javascript:alert(1))\n"
    "'; DROP TABLE articles; --\n"
    "\"><svg onload=alert(1)>{{7*7}} ${7*7} </textarea></script><iframe src=\"javascript:alert(1)\"></iframe>\n"
    "واتهمت حكومة الوفاق الوطني قوات حفتر بقصف الأحياء السكنية في العاصمة."
)
HOSTILE_LITERALS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                    "'; DROP TABLE articles; --", 'href="javascript:alert(1)"']


def corpus_records(n: int = N_CORPUS) -> list[dict]:
    """The first `n` corpus articles about Libya that name Haftar."""
    out = []
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("primary_region") == "Libya" and "حفتر" in rec["text"]:
                out.append(rec)
                if len(out) == n:
                    break
    return out


def hostile_record() -> dict:
    return {"id": "hostile-1", "title": HOSTILE_TITLE, "date": "2019-04-22", "outlet": "<b>مصدر</b>",
            "url": "javascript:alert(1)", "text": HOSTILE_TEXT}


_BUILT: dict[str, Path] = {}


def build_db(root: Path) -> Path:
    """Ingest the seed, the corpus sample and the hostile article into a new SQLite file (once)."""
    if "db" in _BUILT:
        return _BUILT["db"]
    if not SEED.exists() or not CORPUS.exists():
        pytest.skip(f"shared test material not found under {SHARED}")
    from marsad.api import connect

    root.mkdir(parents=True, exist_ok=True)
    inputs = root / "inputs.jsonl"
    with open(inputs, "w", encoding="utf-8") as fh:
        for rec in corpus_records() + [hostile_record()]:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    db = root / "web.db"
    with connect(str(db)) as store:
        summary = store.ingest([str(SEED), str(inputs)], progress=False)
    assert summary.stored >= 2 + 1, str(summary)
    _BUILT["db"] = db
    return db


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """A real uvicorn server for `app` on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
