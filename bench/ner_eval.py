"""Entity-level scores of the shipped NER model on the ANERcorp test split (trains nothing).

    .venv/bin/python bench/ner_eval.py [--data ../shared/corpus/ner/anercorp] [--model FILE]

Prints precision, recall and F1 per type (PERS, LOC, ORG) and micro-averaged over the three,
counting an entity as found only when its span and type both match (as conlleval does), then
tagging speed in sentences per CPU-second on one core.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from marsad.ner.tagger import Tagger, bio_spans  # noqa: E402
from marsad.ner.train import read_conll  # noqa: E402

TYPES = ("PERS", "LOC", "ORG")


def score(gold: list[list[str]], pred: list[list[str]], types=TYPES) -> dict[str, tuple[float, float, float, int]]:
    tp = dict.fromkeys(types, 0)
    fp = dict.fromkeys(types, 0)
    fn = dict.fromkeys(types, 0)
    for g, p in zip(gold, pred):
        gs = {s for s in bio_spans(g) if s[2] in types}
        ps = {s for s in bio_spans(p) if s[2] in types}
        for s in gs & ps:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1

    def prf(a: int, b: int, c: int) -> tuple[float, float, float, int]:
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0), a + c

    out = {t: prf(tp[t], fp[t], fn[t]) for t in types}
    out["micro"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "corpus" / "ner" / "anercorp"))
    ap.add_argument("--model", help="model file (default: the shipped model)")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    sents = read_conll(Path(args.data) / "ANERCorp_test_approx.conll")
    tokens = [t for t, _ in sents]
    gold = [g for _, g in sents]

    t0 = time.perf_counter()
    tagger = Tagger.load(args.model)
    load_s = time.perf_counter() - t0

    # cold: a fresh tagger, sentences in article-sized batches of 20 (as entities() does)
    c0 = time.process_time()
    pred = []
    for k in range(0, len(tokens), 20):
        pred.extend(tagger.tag_many(tokens[k:k + 20]))
    cold = len(tokens) / (time.process_time() - c0)
    # warm, one sentence per call (a batch is one document to the tagger: its document features
    # and label propagation see only that sentence, so tags may differ from the batched ones)
    c0 = time.process_time()
    single = [tagger.tag(t) for t in tokens]
    warm_single = len(tokens) / (time.process_time() - c0)
    c0 = time.process_time()
    for k in range(0, len(tokens), 20):
        tagger.tag_many(tokens[k:k + 20])
    warm_batch = len(tokens) / (time.process_time() - c0)

    res = score(gold, pred)
    res_single = score(gold, single)
    print(f"ANERcorp test (approx. CAMeL split): {len(sents)} sentences, "
          f"{sum(map(len, tokens))} tokens; model {tagger.path.name} "
          f"({tagger.path.stat().st_size / 1e6:.2f} MB, loaded in {load_s:.1f}s)")
    print(f"{'type':6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}")
    for t in (*TYPES, "micro"):
        p, r, f, n = res[t]
        print(f"{t:6} {p:7.4f} {r:7.4f} {f:7.4f} {n:6d}")
    print(f"micro F1 when each sentence is tagged alone: {res_single['micro'][2]:.4f}")
    print(f"speed (CPU time, one core): {cold:,.0f} sentences/s cold in batches of 20, "
          f"{warm_single:,.0f} warm one at a time, {warm_batch:,.0f} warm in batches of 20")
    return 0


if __name__ == "__main__":
    sys.exit(main())
