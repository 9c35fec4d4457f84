"""Subcommands `ingest`, `events`, `ask` and `export` for the main `marsad` command."""
from __future__ import annotations

import argparse
import json
import sys


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, metavar="URL",
                   help="database: a SQLite file or URL, or postgresql://... (default: $MARSAD_DB or ./marsad.db)")


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", help="actor: Arabic or English name, or a code (USA, LBY)")
    p.add_argument("--recipient", help="recipient (or the place the event happened)")
    p.add_argument("--type", help="PLOVER event type(s), comma-separated (SUPPORT,ASSAULT)")
    p.add_argument("--since", help="first day, YYYY[-MM[-DD]]")
    p.add_argument("--until", help="last day, YYYY[-MM[-DD]]")
    p.add_argument("--country", help="an actor, recipient or the place is in this country (ISO3)")
    p.add_argument("--include-negated", action="store_true", help="keep events the text denies")


def register(subparsers) -> None:
    p = subparsers.add_parser("ingest", help="analyse and store articles (idempotent, resumable)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    _db_arg(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    p.add_argument("--embed", action="store_true",
                   help="also embed every sentence now (otherwise `ask` embeds what it needs when it falls back)")
    from ..scale.cli import add_engine_arguments
    add_engine_arguments(p, default="local")   # --engine single|local|dask, --workers, --scheduler, --out-dir
    p.set_defaults(func=cmd_ingest)

    p = subparsers.add_parser("events", help="filter stored events")
    _db_arg(p)
    _filters(p)
    p.add_argument("--format", default="table", choices=["table", "csv", "jsonl", "parquet"])
    p.add_argument("--out", help="output file (stdout by default; required for parquet)")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--counts", choices=["story", "article", "event"],
                   help="print event counts per type instead (story: a syndicated report counts once)")
    p.set_defaults(func=cmd_events)

    p = subparsers.add_parser("ask", help="answer a question with evidence for and against")
    p.add_argument("question")
    _db_arg(p)
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.add_argument("--lang", choices=["ar", "en"], default=None, help="language of the question (detected)")
    p.set_defaults(func=cmd_ask)

    p = subparsers.add_parser("export", help="export events and articles to files")
    _db_arg(p)
    _filters(p)
    p.add_argument("--format", required=True, choices=["parquet", "jsonl", "csv"])
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=cmd_export)


def _store(args, pipeline=None):
    from ..api import connect

    return connect(args.db, pipeline=pipeline)


def _filter_kwargs(args) -> dict:
    return {"actor": args.actor, "recipient": args.recipient, "type": args.type, "since": args.since,
            "until": args.until, "country": args.country, "include_negated": args.include_negated}


def cmd_ingest(args) -> int:
    if getattr(args, "engine", "single") != "single":
        from ..scale.cli import run_engine
        try:
            summary = run_engine(args)   # opens --db itself when it writes the database
        except (RuntimeError, ValueError) as exc:
            print(f"marsad ingest: {exc}", file=sys.stderr)
            return 2
        print(summary, file=sys.stderr)
        return 1 if summary.failed else 0
    with _store(args) as store:
        summary = store.ingest(args.paths, progress=not args.no_progress)
        print(summary, file=sys.stderr)
        if args.embed:
            print(f"embedded {store.embed_sentences()} sentences", file=sys.stderr)
    return 0


def cmd_events(args) -> int:
    from ..query.export import write_events

    with _store(args) as store:
        if args.counts:
            counts = store.event_counts(by=args.counts, **_filter_kwargs(args))
            print(json.dumps(counts, ensure_ascii=False, indent=1))
            return 0
        events = store.events(limit=args.limit, **_filter_kwargs(args))
        try:
            write_events(events, args.format, args.out)
        except (RuntimeError, ValueError) as exc:
            print(f"marsad events: {exc}", file=sys.stderr)
            return 2
    return 0


def cmd_ask(args) -> int:
    with _store(args) as store:
        answer = store.ask(args.question, lang=args.lang)
    if args.format == "json":
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer))
    return 0


def cmd_export(args) -> int:
    with _store(args) as store:
        try:
            paths = store.export(args.format, args.out, **_filter_kwargs(args))
        except (RuntimeError, ValueError) as exc:
            print(f"marsad export: {exc}", file=sys.stderr)
            return 2
    for p in paths:
        print(p)
    return 0


def format_answer(a: dict) -> str:
    ar = a["parsed"].get("lang") == "ar"
    heads = (("for", "الأدلة المؤيدة" if ar else "Evidence for"),
             ("against", "ما ينفي أو يقيّد" if ar else "Against or qualifying"),
             ("claims", "ادعاءات" if ar else "Claims"),
             ("related", "جمل قريبة دلالياً" if ar else "Related sentences (semantic search)"))
    lines = [a["question"], a["verdict"], ""]
    for key, head in heads:
        items = a.get(key)
        if not items:
            continue
        lines.append(f"{head} ({len(items)}):")
        for it in items:
            if "error" in it:
                lines.append(f"  {it['error']}")
                continue
            who = " ".join(x for x in (it.get("actor"), it.get("event"), it.get("recipient")) if x)
            flags = [f for f, on in (("negated", it.get("negated")), ("hedged", it.get("hedged"))) if on]
            if it.get("attributed_to"):
                flags.append(("according to " if not ar else "بحسب ") + it["attributed_to"])
            lines.append(f"  - {it.get('date') or '?'}  {who}" + (f"  [{', '.join(flags)}]" if flags else ""))
            lines.append(f"    «{(it.get('text') or '').strip()}»")
            lines.append(f"    {it.get('title') or ''} — {it.get('source') or ''}")
        lines.append("")
    return "\n".join(lines).rstrip()
