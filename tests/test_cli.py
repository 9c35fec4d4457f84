"""`marsad analyze` end to end: inputs of every kind, bad ones skipped with a reason."""
import json
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "samples" / "haftar-us-support-2019-04-21.txt"
CORPUS = SHARED / "corpus" / "arabic_political_news.jsonl"


def marsad(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "marsad.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=300)


def test_analyze_sample_page_dump_as_json():
    r = marsad("analyze", str(SAMPLE))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert len(out) == 1
    art = out[0]
    assert art["title"] == "هل تلقى حفتر دعماً أميركياً؟" and art["published"] == "2019-04-21"
    assert "+ الخط -" not in art["text"]
    for key in ("id", "source_id", "entities", "places", "dates", "quotes", "events"):
        assert key in art
    for e in art["entities"]:
        for m in e["mentions"]:
            assert art["text"][m["start"]:m["end"]] == m["text"]


def test_bad_inputs_are_skipped_with_a_reason_and_the_rest_analysed(tmp_path):
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:2]
    good = tmp_path / "good.jsonl"
    good.write_text(lines[0] + "\n{not json\n" + lines[1] + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    r = marsad("analyze", str(tmp_path), "--format", "jsonl")
    assert r.returncode == 1
    rows = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    assert {row["source_id"] for row in rows} == {json.loads(lines[0])["id"], json.loads(lines[1])["id"]}
    assert "good.jsonl:2" in r.stderr and "empty.txt" in r.stderr and "binary.txt" in r.stderr


def test_stdin_and_published_override():
    text = "قال وزير الخارجية التركي إن أنقرة تدعم حكومة الوفاق في طرابلس. وأضاف أن بلاده ترفض أي هجوم على العاصمة."
    r = marsad("analyze", "-", "--format", "jsonl", "--published", "2019-06-01", stdin=text)
    assert r.returncode == 0, r.stderr
    art = json.loads(r.stdout)
    assert art["published"] == "2019-06-01"
    assert any(e["event"] == "SUPPORT" and e["actor"][0]["code"] == "TUR" for e in art["events"])
    assert len(art["quotes"]) == 2


def test_gold_file_is_valid_input_and_keeps_source_ids():
    r = marsad("analyze", str(SHARED / "gold" / "seed.jsonl"), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    art = json.loads(r.stdout)
    assert art["source_id"] == "seed-haftar-2019-04-21"
