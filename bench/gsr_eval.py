"""Event category and actor-country scores over the OEDA Arabic gold sentences.

Usage: python bench/gsr_eval.py [GSR.jsonl] [--misses N] [--json]

Each record is one sentence with one gold event (PLOVER type, source and target codes written
"<country or None> <role or None>"). The sentence is run through the pipeline with its date as
the publication date, and these are printed:
- category recall: an event of the gold type is found in the sentence;
- trigger recall: a lexicon trigger of the gold type fires in the sentence (what the vocabulary
  alone allows, before argument rules keep or drop the event);
- source-country accuracy: among sentences whose gold source has a country part, the share where
  an event of the gold type has an actor with that country code;
- target-country accuracy: the same for the recipient side;
and the counts behind each figure. `--misses N` lists up to N missed sentences per figure.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "corpus" / "events" / "gsr_dev.jsonl"
# Gold country parts that are not country codes of ours.
NOT_COUNTRY = {"None", "INT"}


def _country(code: str | None) -> str | None:
    if not code:
        return None
    part = code.split()[0]
    return None if part in NOT_COUNTRY else part


def _codes(entities: list[dict]) -> set[str]:
    return {e.get("code") for e in entities if e.get("code")}


def evaluate(path: Path, show_misses: int = 0) -> dict:
    from marsad.ingest.article import Article
    from marsad.output import doc_to_dict
    from marsad.pipeline import Pipeline

    pipe = Pipeline.load()
    finder = next(c for c in pipe.components if getattr(c, "name", "") == "events")
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    n = found = triggered = 0
    sides = {"source": [0, 0], "target": [0, 0]}   # [right, with a country] per side
    by_type: dict[str, list[int]] = {}
    misses: dict[str, list[str]] = {"category": [], "source": [], "target": []}
    # why a figure was missed: vocabulary (no trigger of the type), extractor (a trigger but no
    # event, or the actor is in the sentence but not assigned), actors (no mention with the code)
    causes: dict[str, dict[str, int]] = {k: {} for k in misses}
    t0 = time.perf_counter()
    for rec in records:
        published = date.fromisoformat(rec["date"]) if rec.get("date") else None
        doc = pipe.analyze_doc(Article(title=None, published=published, text=rec["text"]))
        out = doc_to_dict(doc)
        trigger_types = {t.entry.type for t in finder.triggers(doc)}
        codes_in_text = {m.entity.code for m in doc.mentions if m.entity.code}
        codes_in_text |= {p.place.country for p in doc.places if p.place.country}

        def why(kind: str, cause: str) -> str:
            causes[kind][cause] = causes[kind].get(cause, 0) + 1
            return cause
        for gold in rec["events"]:
            typ = gold["plover"]
            same = [e for e in out["events"] if e["event"] == typ]
            n += 1
            hit = bool(same)
            found += hit
            triggered += typ in trigger_types
            by_type.setdefault(typ, [0, 0])
            by_type[typ][0] += 1
            by_type[typ][1] += hit
            if not hit:
                got = sorted({e["event"] for e in out["events"]})
                cause = why("category", "vocabulary: no trigger" if typ not in trigger_types else
                            "extractor: trigger, no event (a coded actor is in the sentence)" if codes_in_text
                            else "actors/extractor: trigger, no coded actor in the sentence")
                misses["category"].append(f"{typ} <{cause}> [{gold.get('event_text')}] got={got}: {rec['text'][:160]}")
            # the same check for both sides: (figure, gold code field, gold text field, event side)
            for kind, code_key, text_key, side in (("source", "source_code", "source_text", "actor"),
                                                   ("target", "target_code", "target_text", "recipient")):
                want = _country(gold.get(code_key))
                if not want:
                    continue
                sides[kind][1] += 1
                ok = any(want in _codes(e[side]) for e in same)
                sides[kind][0] += ok
                if not ok:
                    got = sorted({c for e in same for c in _codes(e[side])})
                    cause = why(kind, "no event of the type" if not same else
                                "extractor: code in sentence, not assigned" if want in codes_in_text
                                else "actors: no mention with the code")
                    misses[kind].append(f"{typ} {want} <{cause}> [{gold.get(text_key)}] got={got}: "
                                        f"{rec['text'][:160]}")
    elapsed = time.perf_counter() - t0
    (src_ok, src_n), (tgt_ok, tgt_n) = sides["source"], sides["target"]
    result = {
        "sentences": len(records), "events": n,
        "category_recall": found / n if n else 0.0, "category_found": found,
        "trigger_recall": triggered / n if n else 0.0, "triggered": triggered,
        "source_country_accuracy": src_ok / src_n if src_n else 0.0, "source_ok": src_ok, "source_n": src_n,
        "target_country_accuracy": tgt_ok / tgt_n if tgt_n else 0.0, "target_ok": tgt_ok, "target_n": tgt_n,
        "by_type": {t: {"n": v[0], "found": v[1], "recall": v[1] / v[0]} for t, v in sorted(by_type.items())},
        "miss_causes": causes,
        "seconds": round(elapsed, 2),
    }
    if show_misses:
        result["misses"] = {k: v[:show_misses] for k, v in misses.items()}
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gsr", nargs="?", default=str(DEFAULT))
    ap.add_argument("--misses", type=int, default=0, help="list up to N misses per figure")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args()
    r = evaluate(Path(args.gsr), args.misses)
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
        return 0
    print(f"sentences {r['sentences']}  gold events {r['events']}  ({r['seconds']} s)")
    print(f"category recall          {r['category_recall']:.3f}  ({r['category_found']}/{r['events']})")
    print(f"trigger recall           {r['trigger_recall']:.3f}  ({r['triggered']}/{r['events']})"
          "  (a lexicon trigger of the gold type fires: the vocabulary ceiling)")
    for t, v in r["by_type"].items():
        print(f"  {t:<10} {v['recall']:.3f}  ({v['found']}/{v['n']})")
    print(f"source-country accuracy  {r['source_country_accuracy']:.3f}  ({r['source_ok']}/{r['source_n']})")
    print(f"target-country accuracy  {r['target_country_accuracy']:.3f}  ({r['target_ok']}/{r['target_n']})")
    for kind, counts in r["miss_causes"].items():
        if counts:
            print(f"{kind} misses by cause: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda x: -x[1])))
    for kind, lines in r.get("misses", {}).items():
        print(f"\n-- {kind} misses ({len(lines)} shown)")
        for line in lines:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
