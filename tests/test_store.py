"""Ingest into SQLite and PostgreSQL: idempotence, atomic articles under SIGKILL, story clusters."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marsad.api import connect
from marsad.store import schema as S
from marsad.store.db import resolve_url
from marsad.store.stories import signature
from store_fixtures import BACKENDS, fresh_url, libya_record

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arabic_political_news.jsonl"
SAMPLE = CORPUS.parent.parent / "samples" / "haftar-us-support-2019-04-21.txt"
SRC = Path(__file__).resolve().parents[1] / "src"

# A wire report carried by two Saudi papers the same day (real corpus articles).
SAME_STORY = ("snn-aljazirah-0722", "snn-alyaum-0783")

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")


def corpus_rows(ids=None, n=None) -> list[dict]:
    rows = []
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if ids is None or r["id"] in ids:
                rows.append(r)
            if n and len(rows) >= n:
                break
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    return fresh_url(request.param, tmp_path, request)


def test_url_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv("MARSAD_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'marsad.db'}"
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "x.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///:memory:") == "sqlite:///:memory:"


def test_migrations_are_versioned(url):
    with connect(url) as s:
        assert s.version == 1
    with connect(url) as s:                     # reopening applies nothing twice
        with s.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(S.schema_version)).scalar() == 1


def test_article_rows_are_written_together(url):
    rec = libya_record()
    with connect(url) as s:
        assert s.ingest_records([rec]).stored == 1
        counts = s.counts()
        assert counts["articles"] == 1 and counts["events"] == 5 and counts["quotes"] == 1
        assert counts["event_actors"] == 9 and counts["mentions"] == 5 and counts["article_signatures"] == 1
        # a record that fails half-way leaves nothing behind
        bad = json.loads(json.dumps(rec))
        bad["id"] = "broken0000000001"
        bad["text"] = rec["text"] + " نص إضافي."
        bad["events"][2]["actor"] = [None]          # not an entity: the write fails on this event
        with pytest.raises(Exception):
            s.ingest_records([bad])
        assert s.counts() == counts
        assert s.ingest_records([rec]).duplicates == 1
        assert s.counts() == counts


@needs_corpus
def test_ingest_twice_changes_no_table(url, tmp_path):
    rows = corpus_rows(n=6)
    src = write_jsonl(tmp_path / "news.jsonl", rows)
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n", encoding="utf-8")
    inputs = [str(src), str(SAMPLE), str(bad)]
    with connect(url) as s:
        first = s.ingest(inputs, progress=False)
        assert first.stored == 7 and first.duplicates == 0
        assert [p for p, _reason in first.skipped] == [str(bad)]
        counts = s.counts()
        assert counts["articles"] == 7 and counts["events"] > 0 and counts["mentions"] > 0
        again = s.ingest(inputs, progress=False)
        assert again.stored == 0 and again.duplicates == 7 and len(again.skipped) == 1
        assert s.counts() == counts


def _per_article(url: str) -> dict[str, tuple]:
    """For each stored article: its number of rows in every per-article table."""
    with connect(url) as s, s.engine.connect() as conn:
        ids = conn.execute(select(S.articles.c.id)).scalars().all()
        per = {i: [] for i in ids}
        for t in (S.events, S.mentions, S.quotes, S.dates, S.place_mentions, S.sentences, S.article_signatures):
            col = t.c.article_id
            got = dict(conn.execute(select(col, func.count()).group_by(col)).all())
            for i in ids:
                per[i].append(got.get(i, 0))
        ea = dict(conn.execute(select(S.events.c.article_id, func.count())
                               .join(S.event_actors, S.event_actors.c.event_id == S.events.c.id)
                               .group_by(S.events.c.article_id)).all())
        return {i: (*per[i], ea.get(i, 0)) for i in ids}


def _article_count(url: str) -> int:
    try:
        with connect(url) as s, s.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(S.articles)).scalar()
    except Exception:
        return 0


# The ingest subprocess replays analyses made once by the test, so that the clean run and the
# killed runs store the same rows whatever the extractors do meanwhile.
KILL_SCRIPT = """
import json, sys
from marsad.api import connect

class Replay:
    def __init__(self, path):
        self.records = {}
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                self.records[rec["id"]] = rec

    def analyze(self, article):
        return self.records[article.id]

connect(sys.argv[1], pipeline=Replay(sys.argv[3])).ingest([sys.argv[2]], progress=False)
"""


@pytest.fixture(scope="module")
def kill_inputs(tmp_path_factory):
    """40 corpus articles, their analyses, the ingest script, and the rows of a clean run."""
    from marsad.ingest import read_inputs

    d = tmp_path_factory.mktemp("kill")
    src = write_jsonl(d / "news.jsonl", corpus_rows(n=40))
    pipe = _pipeline()
    analysed = write_jsonl(d / "analysed.jsonl", [pipe.analyze(a) for a in read_inputs([str(src)])])
    script = d / "ingest.py"
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    run = [sys.executable, str(script)]
    clean_url = str(d / "clean.db")
    subprocess.run([*run, clean_url, str(src), str(analysed)], env=_env(), check=True)
    return run, src, analysed, _per_article(clean_url)


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}


@needs_corpus
def test_sigkill_mid_ingest_then_rerun_equals_clean_run(url, kill_inputs):
    run, src, analysed, clean = kill_inputs
    env = _env()
    assert len(clean) == 40 and sum(v[0] for v in clean.values()) > 0   # articles with events

    for stop_at in (5, 18):           # kill twice, at different points of the run
        proc = subprocess.Popen([*run, url, str(src), str(analysed)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 120
        while _article_count(url) < stop_at and proc.poll() is None and time.time() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-3000:]
    killed = _article_count(url)
    assert 5 <= killed < 40
    # every article present after the kills is whole
    partial = _per_article(url)
    assert {i: (partial[i], clean[i]) for i in partial if partial[i] != clean[i]} == {}
    subprocess.run([*run, url, str(src), str(analysed)], env=env, check=True)
    assert _per_article(url) == clean
    with connect(url) as s:
        again = s.ingest([str(src)], progress=False)     # nothing left to do
        assert again.stored == 0 and again.duplicates == 40


def _pipeline():
    from marsad.pipeline import Pipeline

    return Pipeline.load()


@needs_corpus
def test_same_wire_story_from_two_outlets_is_one_story(url, tmp_path):
    pair = corpus_rows(ids=set(SAME_STORY))
    assert len(pair) == 2 and pair[0]["outlet"] != pair[1]["outlet"]
    others = [r for r in corpus_rows() if r["id"].startswith("antms-BBC")][:2]
    edited = dict(others[0], id=others[0]["id"] + "-copy", outlet="منفذ آخر", url="https://example.org/copy")
    words = edited["text"].split(" ")
    for i in range(0, len(words), 40):           # light editing: a changed word every forty
        words[i] = words[i] + "،"
    edited["text"] = " ".join(words).replace("قال", "أفاد", 1)
    src = write_jsonl(tmp_path / "news.jsonl", [*pair, *others, edited])
    with connect(url) as s:
        summary = s.ingest([str(src)], progress=False)
        assert summary.stored == 5 and summary.near_duplicates == 2
        with s.engine.connect() as conn:
            story = dict(conn.execute(select(S.articles.c.source_id, S.articles.c.story_id)).all())
    assert story[SAME_STORY[0]] == story[SAME_STORY[1]]
    assert story[others[0]["id"]] == story[edited["id"]]
    assert story[others[1]["id"]] not in {story[SAME_STORY[0]], story[others[0]["id"]]}
    assert len(set(story.values())) == 3


@needs_corpus
def test_later_runs_cluster_against_stored_articles(url, tmp_path):
    first, second = corpus_rows(ids=set(SAME_STORY))
    with connect(url) as s:
        s.ingest([str(write_jsonl(tmp_path / "a.jsonl", [first]))], progress=False)
    with connect(url) as s:                  # a new process would load the stored signatures too
        summary = s.ingest([str(write_jsonl(tmp_path / "b.jsonl", [second]))], progress=False)
        assert summary.near_duplicates == 1
        with s.engine.connect() as conn:
            assert len(set(conn.execute(select(S.articles.c.story_id)).scalars())) == 1


def test_minhash_separates_different_reports():
    a = signature(libya_record()["text"])
    b = signature(libya_record()["text"].replace("يوم الجمعة", "يوم الخميس"))
    from store_fixtures import SYRIA_TEXT
    c = signature(SYRIA_TEXT)
    assert a.jaccard(b) > 0.6 and a.jaccard(c) < 0.1
