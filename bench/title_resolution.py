"""How many persons introduced by a title resolve to a coded actor and to a knowledge-base entry.

Usage: .venv/bin/python bench/title_resolution.py [CORPUS.jsonl] [--limit N] [--misses N] [--json]

Every article of the corpus (field `date` = publication date) runs through the pipeline's
components. A person mention introduced by a title is a mention of a person made by a title
phrase: "الرئيس الأميركي" (the office holder of the day), "وزير الخارجية سامح شكري" (title and
name), "المتحدث باسم الجيش الليبي، أحمد المسماري" (title, then the name in apposition). Each
title phrase counts once (its apposition name is the same person). Printed:
- coded: the share whose person has a country or organisation code;
- in the knowledge base: the share resolved to a knowledge-base actor id;
- "coded from the phrase": the code comes from the title phrase itself (a nisba, a country, a
  body, a knowledge-base person), not only from the country the article is mostly about;
- how many title + name phrases name a knowledge-base person, how many bare office titles
  resolved to the holder of the day, and how many offices with a country found no holder;
and, with --misses, the most frequent misses: uncoded phrases, phrases coded only from the
article's main country, offices with a country but no holder that day, named persons the knowledge
base lacks.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from marsad.doc import Doc
from marsad.pipeline import Pipeline
from marsad.text.normalize import fold

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arabic_political_news.jsonl"


def _docs(path: Path, limit: int | None):
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            row = json.loads(line)
            yield row, Doc(text=row["text"], title=row.get("title"),
                           published=date.fromisoformat(row["date"]) if row.get("date") else None)


def measure(path: Path, limit: int | None = None) -> dict:
    pipe = Pipeline.load()
    kb = pipe.kb
    office_words = {fold(w) for a in kb.agents if a.person and a.title for w in a.words}
    n = Counter()
    uncoded: Counter[str] = Counter()
    from_context: Counter[str] = Counter()
    no_holder: Counter[str] = Counter()
    not_in_kb: Counter[str] = Counter()
    for row, doc in _docs(path, limit):
        doc = pipe.process(doc)
        year = row["date"][:4]
        named = {id(m.entity) for m in doc.mentions if m.via == "apposition"}
        evidence = [(m.start, m.end) for m in doc.meta.get("kb_matches", [])
                    if m.payload[0] in ("actor", "country", "nisba", "capital")]
        evidence += [(p.start, p.end) for p in doc.places]
        person_matches = [(m.start, m.payload[1]) for m in doc.meta.get("kb_matches", []) if m.payload[0] == "actor"]
        for m in doc.mentions:
            if m.entity.kind != "person":
                continue
            if m.via == "title":
                n["title"] += 1
                code, kb_id = m.entity.code, m.entity.id
                n["coded"] += bool(code)
                n["kb"] += kb_id is not None
                # the code comes from the phrase (a nisba, a country, a body, a known person), not
                # only from the country the article is mostly about
                own = kb_id is not None or any(m.start <= s < m.end for s, _ in evidence)
                n["coded_own"] += bool(code) and own
                if not code:
                    uncoded[f"{m.text} / {m.entity.name}"] += 1
                elif not own:
                    from_context[f"{m.text} / {m.entity.name} [{code}]"] += 1
                if id(m.entity) in named:
                    n["named"] += 1
                    not_in_kb[f"{m.entity.name} [{code}] {year}"] += 1
                elif kb_id is not None and any(key == kb_id and m.start <= s <= m.end + 120
                                               for s, key in person_matches):
                    n["named"] += 1
                    n["named_kb"] += 1
                elif kb_id is not None:
                    n["holder"] += 1   # a bare office title: the holder of the day
            elif m.via == "agent" and m.entity.code:
                words = fold(m.text).split()
                if any(" ".join(words[:k]) in office_words for k in range(1, len(words) + 1)):
                    # an office with its country ("وزير الدفاع الأميركي") and no holder on that day
                    n["no_holder"] += 1
                    no_holder[f"{m.text} [{m.entity.code}] {year}"] += 1
    t = n["title"] or 1
    return {
        "title_persons": n["title"], "coded": n["coded"], "in_kb": n["kb"], "coded_own": n["coded_own"],
        "coded_share": n["coded"] / t, "kb_share": n["kb"] / t, "coded_own_share": n["coded_own"] / t,
        "named": n["named"], "named_kb": n["named_kb"], "office_holders": n["holder"],
        "offices_without_holder": n["no_holder"],
        "uncoded": uncoded.most_common(), "coded_from_context": from_context.most_common(),
        "no_holder": no_holder.most_common(), "named_not_in_kb": not_in_kb.most_common(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    r = measure(Path(args.corpus), args.limit)
    r["seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps({k: v for k, v in r.items() if not isinstance(v, list)}, ensure_ascii=False, indent=1))
        return 0
    t = r["title_persons"] or 1
    print(f"person mentions introduced by a title: {r['title_persons']}")
    print(f"  resolved to a coded actor:          {r['coded']:5d}  {r['coded'] / t:.1%}")
    print(f"    coded from the phrase or the kb:  {r['coded_own']:5d}  {r['coded_own'] / t:.1%}")
    print(f"  resolved to a knowledge-base id:    {r['in_kb']:5d}  {r['in_kb'] / t:.1%}")
    if r["named"]:
        print(f"  title + name: {r['named']}, of them in the knowledge base {r['named_kb'] / r['named']:.1%}")
    print(f"  office titles resolved to the holder of the day: {r['office_holders']}")
    print(f"office titles with a country but no holder on the day: {r['offices_without_holder']}")
    every = r["title_persons"] + r["offices_without_holder"]
    if every:
        print(f"  counting those as title persons too ({every}): in the knowledge base {r['in_kb'] / every:.1%}")
    print(f"({r['seconds']} s)")
    if args.misses:
        for label, key in (("uncoded", "uncoded"), ("coded only from the article's country", "coded_from_context"),
                           ("offices without a holder", "no_holder"),
                           ("named persons not in the knowledge base", "named_not_in_kb")):
            print(f"\n-- {label}:")
            for text, k in r[key][:args.misses]:
                print(f"  {k:3d}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
