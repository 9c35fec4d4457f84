"""Analysis speed: articles per second and peak memory over the shared corpus.

Usage: python bench/analyze_bench.py [CORPUS.jsonl] [--repeat N] [--profile]
Prints the knowledge-base load time, then articles/s for the whole pipeline and the time
spent in each component, so a slow stage shows at once.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "corpus" / "arabic_political_news.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()

    from marsad.ingest import Article, read_inputs
    from marsad.pipeline import Pipeline

    t0 = time.perf_counter()
    pipe = Pipeline.load()
    load_s = time.perf_counter() - t0
    articles = [a for a in read_inputs([args.corpus]) if isinstance(a, Article)] * args.repeat
    per_stage: dict[str, float] = defaultdict(float)
    chars = 0
    t0 = time.perf_counter()
    for art in articles:
        doc = pipe.make_doc(art)
        chars += len(doc.text)
        for comp in pipe.components:
            s = time.perf_counter()
            doc = comp(doc)
            per_stage[getattr(comp, "name", getattr(comp, "__name__", type(comp).__name__))] += time.perf_counter() - s
        from marsad.output import doc_to_dict
        s = time.perf_counter()
        json.dumps(doc_to_dict(doc), ensure_ascii=False)
        per_stage["output"] += time.perf_counter() - s
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"knowledge base + dictionaries loaded in {load_s:.2f} s")
    print(f"{len(articles)} articles, {chars / 1e6:.1f} M chars in {elapsed:.2f} s: "
          f"{len(articles) / elapsed:.0f} articles/s (one core), peak memory {peak_mb:.0f} MB")
    for name, sec in sorted(per_stage.items(), key=lambda x: -x[1]):
        print(f"  {name:16} {sec * 1000 / max(1, len(articles)):7.2f} ms/article  {100 * sec / elapsed:5.1f}%")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
