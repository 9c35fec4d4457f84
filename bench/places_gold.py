"""Precision/recall of marsad.extract.places on the gold files, and matching speed on the corpus.

Usage: .venv/bin/python bench/places_gold.py [-v] [--kb] [--no-speed]

The country hint is computed crudely here (counts of a few hard-coded country names and
capitals), as a stand-in for the pipeline's actor pass; country-name spans are passed as
`exclude_spans`, as the pipeline does. With --kb the hint and the excluded spans come from the
knowledge base's actor matcher instead (what the pipeline really passes). Scoring follows ../shared/eval/score.py: a gold place
matches a system place of the same country whose name or mention text contains the gold name
(normalised); optional gold places are not needed and not penalised.
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from marsad.doc import Doc
from marsad.extract.places import PlaceFinder
from marsad.text.matcher import PhraseMatcher

GOLD = Path("/work/shared/gold")
CORPUS = Path("/work/shared/corpus/arabic_political_news.jsonl")

# ISO3: (names and nisba stems of the state, capitals). Bench-only stand-in for countries.yaml.
COUNTRIES = {
    "LBY": ["ليبيا", "الليبي", "الليبية", "الليبيين"],
    "SYR": ["سوريا", "سورية", "السوري", "السورية", "السوريين"],
    "IRQ": ["العراق", "العراقي", "العراقية", "العراقيين"],
    "YEM": ["اليمن", "اليمني", "اليمنية", "اليمنيين"],
    "SDN": ["السودان", "السوداني", "السودانية", "السودانيين"],
    "SSD": ["جنوب السودان"],
    "EGY": ["مصر", "المصري", "المصرية", "المصريين"],
    "LBN": ["لبنان", "اللبناني", "اللبنانية", "اللبنانيين"],
    "PSE": ["فلسطين", "الفلسطيني", "الفلسطينية", "الفلسطينيين"],
    "ISR": ["إسرائيل", "الإسرائيلي", "الإسرائيلية", "الإسرائيليين"],
    "JOR": ["الأردن", "الأردني", "الأردنية"],
    "SAU": ["السعودية", "السعودي", "المملكة العربية السعودية"],
    "ARE": ["الإمارات", "الإماراتي", "الإماراتية"],
    "QAT": ["قطر", "القطري", "القطرية"],
    "KWT": ["الكويت", "الكويتي", "الكويتية"],
    "IRN": ["إيران", "الإيراني", "الإيرانية"],
    "TUR": ["تركيا", "التركي", "التركية"],
    "USA": ["الولايات المتحدة", "أمريكا", "أميركا", "الأمريكي", "الأميركي", "الأمريكية", "الأميركية"],
    "RUS": ["روسيا", "الروسي", "الروسية"],
    "FRA": ["فرنسا", "الفرنسي", "الفرنسية"],
    "GBR": ["بريطانيا", "البريطاني", "البريطانية"],
    "TUN": ["تونس", "التونسي", "التونسية"],
    "ETH": ["إثيوبيا", "الإثيوبي", "الإثيوبية"],
    "UKR": ["أوكرانيا", "الأوكراني", "الأوكرانية"],
}
CAPITALS = {"LBY": ["طرابلس"], "SYR": ["دمشق"], "IRQ": ["بغداد"], "YEM": ["صنعاء"], "SDN": ["الخرطوم"],
            "EGY": ["القاهرة"], "LBN": ["بيروت"], "SAU": ["الرياض"], "IRN": ["طهران"], "TUR": ["أنقرة"],
            "USA": ["واشنطن"], "RUS": ["موسكو"], "SSD": ["جوبا"], "ETH": ["أديس أبابا"]}


def _country_matcher() -> PhraseMatcher:
    m: PhraseMatcher = PhraseMatcher()
    for code, names in COUNTRIES.items():
        for n in names:
            m.add(n, ("country", code))
    for code, names in CAPITALS.items():
        for n in names:
            m.add(n, ("capital", code))
    m.build()
    return m


COUNTRY_MATCHER = _country_matcher()


def hint_and_excludes(doc: Doc) -> tuple[list[str], list[tuple[int, int]]]:
    counts: Counter[str] = Counter()
    excludes = []
    for m in COUNTRY_MATCHER.find(doc.norm):
        kind, code = m.payload
        counts[code] += 1
        if kind == "country":
            excludes.append((m.start, m.end))
    return [c for c, _ in counts.most_common()], excludes


# -- scoring like ../shared/eval/score.py ---------------------------------------------------------
_DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def norm(text: str | None) -> str:
    if not text:
        return ""
    text = _DIAC.sub("", str(text)).translate(_FOLD)
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip().lower()


def place_records(places) -> list[dict]:
    recs: dict[tuple, dict] = {}
    for pm in places:
        p = pm.place
        rec = recs.setdefault((p.name, p.country, p.geonameid),
                              {"name": p.name, "name_en": p.name_en, "country": p.country, "mentions": []})
        rec["mentions"].append(pm.text)
    return list(recs.values())


def matches(g: dict, s: dict) -> bool:
    wanted = g.get("country")
    wanted = set(wanted) if isinstance(wanted, list) else {wanted}
    if s["country"] not in wanted:
        return False
    gn = norm(g["name"])
    names = [norm(s["name"]), norm(s.get("name_en"))] + [norm(t) for t in s["mentions"]]
    return any(n and (gn in n or n == gn) for n in names)


def kb_hint_and_excludes():
    from marsad.extract.actors import ActorMatcher
    from marsad.kb import load_kb

    matcher = ActorMatcher(load_kb())

    def run(doc: Doc) -> tuple[list[str], list[tuple[int, int]]]:
        matcher(doc)
        spans = [(m.start, m.end) for m in doc.meta["kb_matches"] if m.payload[0] in ("actor", "country")]
        return doc.meta["country_hint"], spans

    return run


def score(path: Path, finder: PlaceFinder, verbose: bool, context=None) -> tuple[int, int, int]:
    context = context or hint_and_excludes
    tp = fp = fn = 0
    for line in path.open(encoding="utf-8"):
        art = json.loads(line)
        doc = Doc(text=art["text"], title=art.get("title"), published=date.fromisoformat(art["published"]))
        hint, excludes = context(doc)
        sys_recs = place_records(finder.find(doc, hint, exclude_spans=excludes))
        used: set[int] = set()
        misses = []
        for g in art.get("places") or []:
            hit = next((i for i, s in enumerate(sys_recs) if i not in used and matches(g, s)), None)
            if hit is None:
                if not g.get("optional"):
                    fn += 1
                    misses.append(g)
            else:
                used.add(hit)
                if not g.get("optional"):
                    tp += 1
        extras = [s for i, s in enumerate(sys_recs) if i not in used]
        fp += len(extras)
        if verbose and (misses or extras):
            print(f"-- {art['id']} hint={hint[:4]}")
            for g in misses:
                print("   MISS ", g["name"], g["country"])
            for s in extras:
                print("   EXTRA", s["name"], s["country"], s["mentions"][:3])
    return tp, fp, fn


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
    context = kb_hint_and_excludes() if "--kb" in argv else hint_and_excludes
    for name in ("seed.jsonl", "dev.jsonl"):
        tp, fp, fn = score(GOLD / name, finder, verbose, context)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:12} P={p:.3f} R={r:.3f} F1={f:.3f}  tp={tp} fp={fp} fn={fn}")
    if "--no-speed" not in argv:
        speed(finder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
