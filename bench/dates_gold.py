"""Precision/recall of marsad.extract.dates on the gold files (day-level dates, values)."""
from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from marsad.extract.dates import find_dates

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus" / "arabic_political_news.jsonl"


def score(path: Path, verbose: bool) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for line in path.open(encoding="utf-8"):
        art = json.loads(line)
        pub = date.fromisoformat(art["published"])
        found = [d for d in find_dates(art["text"], pub) if d.grain == "day"]
        sys_vals: dict[str, list[str]] = {}
        for d in found:
            sys_vals.setdefault(d.value, []).append(d.text)
        gold = {}
        for g in art.get("dates") or []:
            gold.setdefault(g["value"], []).append((g["text"], bool(g.get("optional"))))
        required = {v for v, items in gold.items() if not all(o for _, o in items)}
        a_tp = len(required & set(sys_vals))
        a_fn = len(required - set(sys_vals))
        a_fp = len(set(sys_vals) - set(gold))
        tp, fp, fn = tp + a_tp, fp + a_fp, fn + a_fn
        if verbose and (a_fp or a_fn):
            print(f"-- {art.get('corpus_id') or art.get('id')} published {pub} ({pub.strftime('%a')})")
            for v in sorted(required - set(sys_vals)):
                print("   MISS", v, gold[v])
            for v in sorted(set(sys_vals) - set(gold)):
                print("   FALSE", v, sys_vals[v])
    return tp, fp, fn


def speed() -> None:
    arts = [json.loads(l) for l in CORPUS.open(encoding="utf-8")]
    chars = sum(len(a["text"]) for a in arts)
    t0 = time.perf_counter()
    n = 0
    for a in arts:
        n += len(find_dates(a["text"], date.fromisoformat(a["date"])))
    dt = time.perf_counter() - t0
    per = dt / len(arts) * 1000
    print(f"speed: {len(arts)} articles, {chars / len(arts):.0f} chars avg, {n} mentions, "
          f"{per:.3f} ms/article, {per / (chars / len(arts)) * 3000:.3f} ms per 3000 chars")


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    for name in ("seed.jsonl", "dev.jsonl"):
        tp, fp, fn = score(GOLD / name, verbose)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        print(f"{name}: P={p:.3f} R={r:.3f} (tp={tp} fp={fp} fn={fn})")
    speed()
