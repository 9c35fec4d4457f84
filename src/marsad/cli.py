"""`marsad` command line: analyze, ingest, events, ask, export, kb, serve ..."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def cmd_analyze(args: argparse.Namespace) -> int:
    from .ingest import Skip, read_inputs
    from .pipeline import Pipeline

    pipe = Pipeline.load(args.kb or ())
    out = sys.stdout
    skipped = 0
    first = True
    if args.format == "json":
        out.write("[")
    for item in read_inputs(args.paths or ["-"], published=args.published, stdin=sys.stdin):
        if isinstance(item, Skip):
            skipped += 1
            print(f"marsad: skipped {item.path}: {item.reason}", file=sys.stderr)
            continue
        record = pipe.analyze(item)
        if args.format == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False, indent=2))
        first = False
    if args.format == "json":
        out.write("\n]\n" if not first else "]\n")
    out.flush()
    if skipped:
        print(f"marsad: {skipped} input(s) skipped", file=sys.stderr)
    return 1 if skipped else 0


def cmd_kb(args: argparse.Namespace) -> int:
    from .kb import load_kb
    from .kb.validate import search, show, validate

    if args.kb_command == "validate":
        problems, counts = validate(args.dirs or ())
        for p in problems:
            print(p)
        print(json.dumps(counts, ensure_ascii=False))
        return 1 if problems else 0
    kb = load_kb(args.kb or ())
    if args.kb_command == "search":
        rows = search(kb, args.name, limit=args.limit)
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0 if rows else 1
    if args.kb_command == "show":
        rec = show(kb, args.id)
        if rec is None:
            print(f"marsad: no knowledge-base entry {args.id!r}", file=sys.stderr)
            return 1
        print(json.dumps(rec, ensure_ascii=False, indent=2, default=str))
        return 0
    return 2


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, report
    from .ingest import Skip, read_inputs
    from .pipeline import Pipeline

    try:
        with open(args.gold, encoding="utf-8") as fh:
            gold = [json.loads(line) for line in fh if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        print(f"marsad: cannot read gold file {args.gold}: {exc}", file=sys.stderr)
        return 2
    pipe = Pipeline.load(args.kb or ())
    outputs = []
    for item in read_inputs([args.gold]):
        if isinstance(item, Skip):
            print(f"marsad: skipped {item.path}: {item.reason}", file=sys.stderr)
            continue
        outputs.append(pipe.analyze(item))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            for rec in outputs:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    scores, missing = evaluate(gold, outputs)
    print(report(scores, missing, len(gold), verbose=args.verbose))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="marsad", description="Arabic news → actors, events, quotes, dates, places")
    p.add_argument("--kb", action="append", metavar="DIR", help="extra knowledge-base directory (repeatable)")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="analyse articles and print the output contract")
    a.add_argument("paths", nargs="*", help="files, directories or - for stdin")
    a.add_argument("--format", choices=("json", "jsonl"), default="json")
    a.add_argument("--published", type=_date, help="publication date for inputs that lack one")
    a.set_defaults(func=cmd_analyze)

    k = sub.add_parser("kb", help="search, show and validate the knowledge base")
    ks = k.add_subparsers(dest="kb_command", required=True)
    s = ks.add_parser("search", help="find actors and countries by name (Arabic or English) or code")
    s.add_argument("name")
    s.add_argument("--limit", type=int, default=20)
    s = ks.add_parser("show", help="one entry by id")
    s.add_argument("id")
    s = ks.add_parser("validate", help="check the shipped data and overlay directories")
    s.add_argument("dirs", nargs="*")
    k.set_defaults(func=cmd_kb)

    ev = sub.add_parser("eval", help="score the analysis against gold articles (P/R/F1 per record kind)")
    ev.add_argument("gold", help="gold JSONL (the format of DESIGN.md)")
    ev.add_argument("--output", help="also write the analysis here as JSONL")
    ev.add_argument("--verbose", action="store_true", help="list each miss and each extra")
    ev.set_defaults(func=cmd_eval)

    for module in ("marsad.store.cli", "marsad.web.cli", "marsad.scale.cli", "marsad.ner.cli"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue  # that part of marsad is not installed
            raise
        mod.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
