"""`marsad eval` prints the same figures as the team's scorer on the same files."""
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _table(text: str) -> list[str]:
    return [l for l in text.splitlines() if l.split()[:1] and l.split()[0] in {
        "events_by_country", "events_by_name", "events_ignoring_flags", "quotes", "dates", "places", "entities"}]


def test_eval_agrees_with_the_shared_scorer(tmp_path):
    gold = SHARED / "gold" / "dev.jsonl"
    out = tmp_path / "out.jsonl"
    ours = subprocess.run([sys.executable, "-m", "marsad.cli", "eval", str(gold), "--output", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert ours.returncode == 0, ours.stderr
    theirs = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(out)],
                            capture_output=True, text=True, timeout=120)
    assert theirs.returncode == 0, theirs.stderr
    assert _table(ours.stdout) == _table(theirs.stdout)
    assert len(_table(ours.stdout)) == 7


def test_eval_scores_misses_and_extras():
    from marsad.evaluate import evaluate

    gold = [{"id": "a", "entities": [{"name": "حفتر", "code": "LBY"}, {"name": "بريطاني", "code": "GBR", "optional": True}],
             "dates": [{"text": "أمس", "value": "2019-04-20"}]}]
    out = [{"source_id": "a", "entities": [{"name": "خليفة حفتر", "code": "LBY", "entity_text": "حفتر"},
                                            {"name": "روسيا", "code": "RUS"}],
            "dates": [{"value": "2019-04-20"}, {"value": "2019-04-19"}]}]
    scores, missing = evaluate(gold, out)
    assert missing == 0
    assert (scores["entities"].tp, scores["entities"].fp, scores["entities"].fn) == (1, 1, 0)
    assert (scores["dates"].tp, scores["dates"].fp) == (1, 1)
