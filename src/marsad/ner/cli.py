"""`marsad train-ner --data DIR --out FILE`: rebuild the named-entity model reproducibly."""
from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("train-ner", help="train the Arabic named-entity tagger from CoNLL data")
    p.add_argument("--data", required=True, help="folder with the training CoNLL file(s)")
    p.add_argument("--out", required=True, help="model file to write (.crfsuite)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--limit", type=int, help="train on at most N sentences (quick checks)")
    p.add_argument("--rebuild-resources", action="store_true",
                   help="regenerate the word-frequency, name-list and word-class files first")
    p.add_argument("--news", help="unlabelled news JSONL for --rebuild-resources")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from .train import main

    argv = ["--data", args.data, "--out", args.out, "--seed", str(args.seed)]
    if args.limit:
        argv += ["--limit", str(args.limit)]
    if args.rebuild_resources:
        argv.append("--rebuild-resources")
    if args.news:
        argv += ["--news", args.news]
    return main(argv)
