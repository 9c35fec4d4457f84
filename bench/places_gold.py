"""Precision/recall of marsad.extract.places on the gold files, and matching speed on the corpus.

Usage: .venv/bin/python bench/places_gold.py [-v] [--no-speed]

The place finder gets what the pipeline gives it: the country hint and the spans of actor and
country names found by the knowledge base's actor matcher (which it must not read as places).
Scoring is marsad.evaluate's (the same as ../shared/eval/score.py): a gold place matches a system
place of the same country whose name or mention text contains the gold name; optional gold places
are not needed and not penalised.
"""
from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from marsad.doc import Doc
from marsad.evaluate import Score, _places
from marsad.extract.actors import ActorMatcher
from marsad.extract.places import PlaceFinder
from marsad.kb import load_kb

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus" / "arabic_political_news.jsonl"
_ACTORS = ActorMatcher(load_kb())


def hint_and_excludes(doc: Doc) -> tuple[list[str], list[tuple[int, int]]]:
    """The country hint and the name spans the pipeline passes to the place finder."""
    _ACTORS(doc)
    spans = [(m.start, m.end) for m in doc.meta["kb_matches"] if m.payload[0] in ("actor", "country")]
    return doc.meta["country_hint"], spans


def place_records(places) -> list[dict]:
    recs: dict[tuple, dict] = {}
    for pm in places:
        p = pm.place
        rec = recs.setdefault((p.name, p.country, p.geonameid),
                              {"name": p.name, "name_en": p.name_en, "country": p.country, "mentions": []})
        rec["mentions"].append({"text": pm.text})
    return list(recs.values())


def score(path: Path, finder: PlaceFinder, verbose: bool) -> Score:
    result = Score()
    for line in path.open(encoding="utf-8"):
        art = json.loads(line)
        doc = Doc(text=art["text"], title=art.get("title"), published=date.fromisoformat(art["published"]))
        hint, excludes = hint_and_excludes(doc)
        out = {"places": place_records(finder.find(doc, hint, exclude_spans=excludes))}
        before = len(result.misses), len(result.extras)
        _places(art["id"], art, out, result)
        if verbose and (len(result.misses), len(result.extras)) != before:
            print(f"-- {art['id']} hint={hint[:4]}")
            for _, g in result.misses[before[0]:]:
                print("   MISS ", g["name"], g["country"])
            for _, s in result.extras[before[1]:]:
                print("   EXTRA", s["name"], s["country"], [m["text"] for m in s["mentions"][:3]])
    return result


def speed(finder: PlaceFinder) -> None:
    arts = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    docs = [Doc(text=a["text"]) for a in arts]
    hints = [hint_and_excludes(d) for d in docs]   # normalises each text once, outside the timing
    t0 = time.perf_counter()
    n = 0
    for d, (hint, exc) in zip(docs, hints):
        n += len(finder.find(d, hint, exclude_spans=exc))
    dt = time.perf_counter() - t0
    print(f"speed: {len(docs)} articles, {n} place mentions, {len(docs) / dt:.0f} articles/s "
          f"({dt / len(docs) * 1000:.2f} ms/article, text already normalised)")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    t0 = time.perf_counter()
    finder = PlaceFinder.load()
    print(f"load: {time.perf_counter() - t0:.2f} s, {len(finder.by_key)} names")
    for name in ("seed.jsonl", "dev.jsonl"):
        r = score(GOLD / name, finder, verbose)
        print(f"{name:12} P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f}  tp={r.tp} fp={r.fp} fn={r.fn}")
    if "--no-speed" not in argv:
        speed(finder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
