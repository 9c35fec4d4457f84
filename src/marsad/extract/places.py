"""Places: gazetteer names found in one clitic-aware pass, disambiguated by the article's countries.

Data (src/marsad/kb/data/):
- gazetteer.tsv: Arabic names of GeoNames cities (one row per name and place; the first row of a
  geonameid is the place's display name), built by scripts/build_gazetteer.py;
- regions.yaml: provinces, districts, camps, crossings and sites that GeoNames lacks;
- place_words.yaml: place-type nouns (مدينة، قرية، قضاء، حي ...) and the words that may follow
  them without being names.

A name can denote several places (طرابلس is in Libya and in Lebanon; hundreds of villages share
names). The finder keeps the candidate whose country the article talks about most
(`country_hint`, ISO3 codes in order), then the most populous one. A candidate from a country the
article does not mention survives only when it is notable (a big city, a province, a famous site):
a village of the same name abroad is never reported.

A place-type noun followed by an unknown name ("قرية مشيرفة") gives a place without coordinates
in the article's main country. Country names (countries are actors), words inside actor names
(`exclude_spans`) and the dateline that opens an article ("دبي، الإمارات (CNN)--") are not
reported.
"""
from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..doc import Doc, Place, PlaceMention
from ..kb.loader import DATA_DIR
from ..text.matcher import PhraseMatcher, is_word_char
from ..text.normalize import fold

# A place from a country the article does not mention must be at least this big to be reported.
NOTABLE_POPULATION = 100_000
# Region/site entries of regions.yaml count as notable (a province or a famous site is named as
# such in any story); its towns and districts do not.
NOTABLE_KINDS = frozenset({"region", "site"})

_WORD = re.compile(r"[^\W\d_]+")
_PLAIN_CLITICS = ("وب", "فب", "ول", "فل", "وك", "و", "ف", "ب", "ل", "ك")
_NOT_BEFORE_NOUN = frozenset({fold("شبه")})
# One or two words right after a type noun, separated by single spaces only.
_NEXT_WORDS = re.compile(r" ([^\W\d_]+)(?: ([^\W\d_]+))?")


@dataclass(frozen=True)
class Candidate:
    place: Place
    population: int
    notable: bool      # may be reported in a story about another country
    capital: bool = False  # a national capital: also stands for its state ("واشنطن تؤيد")
    ambiguous: bool = False  # also an ordinary word or a person's name ("حديثة", "الباب")

    @property
    def needs_context(self) -> bool:
        return self.capital or self.ambiguous


class PlaceFinder:
    """`PlaceFinder.load()` once; then `find(doc, country_hint)` per article."""

    name = "places"

    def __init__(self, by_key: dict[str, list[Candidate]], words: dict, given_names: frozenset[str] = frozenset()):
        self.by_key = by_key
        matcher: PhraseMatcher[tuple[Candidate, ...]] = PhraseMatcher()
        for key, cands in by_key.items():
            matcher.add(key, tuple(cands), definite_forms=False)
        for phrase in words.get("not_places") or []:
            matcher.add(phrase, (), definite_forms=False)   # a longer non-place phrase hides the name
        matcher.build()
        self.matcher = matcher
        nouns = words.get("type_nouns") or {}
        self.fem_nouns = frozenset(fold(w) for w in nouns.get("feminine") or [])
        self.masc_nouns = frozenset(fold(w) for w in nouns.get("masculine") or [])
        # nouns written with a plain alef: their folded form also matches a word with hamza
        # ("وأدى" = and-led-to folds to "وادي", valley)
        self.plain_alef_nouns = frozenset(fold(w) for g in ("feminine", "masculine") for w in nouns.get(g) or []
                                          if not any(c in w for c in "أإآ"))
        self.name_heads = frozenset(fold(w) for w in words.get("name_heads") or [])
        self.not_names = frozenset(fold(w) for w in words.get("not_names") or [])
        self.org_heads = frozenset(fold(w) for w in words.get("organisation_heads") or [])
        self.given_names = given_names

    # -- loading -----------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: str | Path | None = None) -> "PlaceFinder":
        """Read gazetteer.tsv, regions.yaml and place_words.yaml (cached per directory)."""
        return _load(str(Path(data_dir) if data_dir else DATA_DIR))

    # -- matching ----------------------------------------------------------------------------
    def find(self, doc: Doc, country_hint: Sequence[str] = (), *,
             exclude_spans: Iterable[tuple[int, int]] = ()) -> list[PlaceMention]:
        hint = {code: i for i, code in enumerate(country_hint or ())}
        excluded = sorted(exclude_spans or ())
        skip_to = doc.dateline_end
        norm = doc.norm
        out: list[PlaceMention] = []
        covered: list[tuple[int, int]] = []   # original spans of reported gazetteer names
        last_end = 0                           # normalised end of the last reported name
        readings: dict[int, Sequence[Candidate]] = {}   # a reported name's start → all its places
        for m in self.matcher.find(norm):
            if not m.payload or m.start < skip_to or _excluded(m.start, m.end, excluded):
                continue
            prev = _previous_word(norm.text, m.norm_start - len(m.prefix))
            if not m.prefix and (prev in self.org_heads or self._person_word(doc.text, m.start, prev)):
                continue   # "كتائب القسام"، "محمد بن سلمان": part of an actor's name
            # after a place-type noun ("محافظة لحج") the name is a place whatever the article's countries
            typed = self._type_noun(prev)[0] is not None and not m.prefix
            cand = choose(m.payload, hint)
            if cand is None and typed:
                # only a notable namesake abroad; a small one yields to the type-noun rule below
                cand = choose([c for c in m.payload if c.notable], {})
            if cand is None:
                continue
            minor = cand.place.country not in hint or hint[cand.place.country] >= 2
            if not typed and (cand.needs_context or (minor and not cand.notable)):
                after_place = bool(out) and not norm.text[last_end:m.norm_start - len(m.prefix)].strip()
                if not _locative(norm.text, m.norm_start, m.prefix, after_place, strict=cand.ambiguous):
                    continue   # "أن موسكو أقرت": the state as an actor, not a place
            out.append(PlaceMention(m.start, m.end, m.text, cand.place))
            readings[m.start] = m.payload
            last_end = m.norm_end
            covered.append((m.start, m.end))
        out.extend(self._typed_places(doc, country_hint, skip_to, excluded + covered))
        out.sort(key=lambda p: (p.start, p.end))
        return _anchored(doc.text, out, readings)

    def _person_word(self, text: str, start: int, prev: str) -> bool:
        """A name right after a given name or بن/أبو is a person's ("عبدربه منصور هادي")."""
        if prev in _PERSON_PARTICLES:
            return True
        before = text[max(0, start - 30):start].split()
        # على folds to علي (a given name): only a written ي counts
        return bool(before) and not before[-1].endswith("ى") and prev in self.given_names

    def _typed_places(self, doc: Doc, hint: Sequence[str], skip_to: int,
                      blocked: list[tuple[int, int]]) -> list[PlaceMention]:
        """"قرية مشيرفة"، "قضاء أمرلي": a place-type noun and the name that follows it."""
        norm = doc.norm
        text = norm.text
        out: list[PlaceMention] = []
        country = hint[0] if hint else None
        blocked = sorted(blocked)
        pos = 0
        while True:
            m = self._noun_re.search(text, pos)
            if m is None:
                break
            pos = m.end()
            noun = m.group("noun")
            feminine = noun in self.fem_nouns
            if feminine and noun.endswith("ه") and doc.text[norm.index[m.end("noun") - 1]] == "ه":
                continue   # "بلده" (his country), not "بلدة"
            if _previous_word(text, m.start()) in _NOT_BEFORE_NOUN:
                continue   # "شبه جزيرة العرب"
            if noun in self.plain_alef_nouns and any(
                    c in "أإآ" for c in doc.text[norm.index[m.start("noun")]:norm.index[m.end("noun") - 1] + 1]):
                continue   # "وأدى هجوم" (and an attack led to), not "وادي هجوم"
            names = _NEXT_WORDS.match(text, m.end())
            if names is None:
                continue
            first, second = names.group(1), names.group(2)
            if not self._name_word(first, feminine) or self._type_noun(first)[0]:
                continue
            end = names.end(1)
            if second and first in self.name_heads and second not in self.not_names:
                end = names.end(2)
            o_start, _ = norm.to_orig(m.start("noun"), m.end("noun"))
            _, o_end = norm.to_orig(names.start(1), end)
            if o_start < skip_to or _overlaps(o_start, o_end, blocked):
                continue
            surface = doc.text[o_start:o_end]
            place = Place(name=surface, name_en=None, country=country, lat=None, lon=None, geonameid=None)
            out.append(PlaceMention(o_start, o_end, surface, place))
            pos = end
        return out

    @functools.cached_property
    def _noun_re(self) -> re.Pattern:
        nouns = sorted(self.fem_nouns | self.masc_nouns, key=len, reverse=True)
        clitics = "|".join(_PLAIN_CLITICS)
        return re.compile(rf"(?<!\w)(?:{clitics})?(?P<noun>{'|'.join(map(re.escape, nouns))})(?!\w)")

    def _type_noun(self, word: str) -> tuple[str | None, bool]:
        for p in ("",) + _PLAIN_CLITICS:
            if word.startswith(p):
                stem = word[len(p):]
                if stem in self.fem_nouns:
                    return stem, True
                if stem in self.masc_nouns:
                    return stem, False
        return None, False

    def _name_word(self, word: str, feminine: bool) -> bool:
        if len(word) < 3 or word in self.not_names:
            return False
        if word.startswith(("لل", "بال", "وال", "فال", "كال")):
            return False   # "مخيم للنازحين": a preposition, not a name
        bare = word[2:] if word.startswith("ال") else word
        if bare in self.not_names or ("ال" + bare) in self.not_names:
            return False
        if not word.startswith("ال"):
            # an indefinite word agreeing with a feminine noun is an adjective (منطقة سكنية)
            if feminine and word.endswith(("يه", "يات")):
                return False
            # a word with a proclitic is not the name of the noun before it (مدينة وقرية ...)
            if word[0] in "وف" and word[1:] in self.not_names:
                return False
        return True


_PERSON_PARTICLES = frozenset(fold(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "آل", "عبد", "أم"))


def _anchored(text: str, places: list[PlaceMention], readings: dict[int, Sequence[Candidate]]) -> list[PlaceMention]:
    """A place said to lie west, north ... of another is in that place's country ("مدينة حمد غرب
    خان يونس" is in Gaza, not Hamad Town in Bahrain): its namesake there, else the name with no
    coordinates."""
    out = list(places)
    for i, (p, q) in enumerate(zip(places, places[1:])):
        if not q.place.country or p.place.country == q.place.country \
                or not _DIRECTION_BETWEEN.fullmatch(text, p.end, q.start):
            continue
        there = [c for c in readings.get(p.start, ()) if c.place.country == q.place.country]
        place = there[0].place if there else Place(name=p.place.name, name_en=None, country=q.place.country,
                                                   lat=None, lon=None, geonameid=None)
        out[i] = PlaceMention(p.start, p.end, p.text, place)
    return out


_DIRECTION_BETWEEN = re.compile(r"\s+(?:في\s+)?(?:ال)?(?:شمال|جنوب|شرق|غرب)(?:ي|ى)?(?:\s+(?:شرق|غرب)(?:ي)?)?"
                                r"\s+(?:مدينة|بلدة|محافظة|منطقة|قرية|ب|ل)?\s*")


def choose(cands: Sequence[Candidate], hint: dict[str, int]) -> Candidate | None:
    """The article's country first (in hint order), then population; foreign small places never.

    A small place in a country the article mentions only in passing (third rank or lower) loses
    to a notable namesake five times its size: "جنيف" in a story that names the United States
    is Geneva in Switzerland, not Geneva, Illinois.
    """
    if not cands:
        return None
    notable = [c for c in cands if c.notable]
    in_hint = sorted((c for c in cands if c.place.country in hint),
                     key=lambda c: (hint[c.place.country], not c.notable, -c.population))
    if in_hint:
        best = in_hint[0]
        if best.notable or best.place.geonameid is None:   # hand-curated entries are meant as written
            return best
        big = max(notable, key=lambda c: c.population) if notable else None
        factor = 100 if hint[best.place.country] < 2 else 5
        if big is not None and big.population >= factor * max(best.population, 1000):
            return big
        return best
    if hint:
        return max(notable, key=lambda c: c.population) if notable else None
    return max(cands, key=lambda c: (c.notable, c.population))


_LOCATIVE_BEFORE = frozenset(fold(w) for w in (
    "في", "إلى", "الى", "من", "داخل", "خارج", "قرب", "نحو", "باتجاه", "العاصمة", "عاصمة", "مدينة", "مطار",
    "شوارع", "ضواحي", "وسط", "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "أنحاء", "حتى",
    "زيارة", "زار", "يزور", "وصل", "وصول", "مقرها", "مقره", "بين", "محادثات", "مفاوضات", "مؤتمر", "قمة",
    "اتفاق", "اتفاقية", "إعلان", "مسار", "منتدى", "جولة", "محكمة", "استئناف", "بلدية", "محافظ", "سكان", "أهالي",
    "سفارة", "سفارتها", "مطاري", "ضاحية", "أطراف", "حول", "محيط", "بعاصمة", "بمدينة", "العاصمتين", "مدن",
    "ولاية", "محافظة", "منطقة", "بلدة", "قرية", "مديرية", "قضاء", "ناحية", "حي", "مخيم", "إقليم", "جزيرة", "ريف",
    "محافظتي", "مدينتي", "بلدتي", "قريتي", "منطقتي", "مديريتي", "ولايتي", "مناطق", "محافظات", "مديريات", "أحياء",
    "قرى", "بلدات", "مدينتا", "جبهة", "جبهات", "ضفاف", "سواحل", "ساحل", "غربي", "أرجاء", "عموم",
))
# Weak cues: enough for a capital ("إلى واشنطن"), not for a name that is also a word ("إلى كسب دعم").
_WEAK_LOCATIVE = frozenset(fold(w) for w in ("إلى", "الى", "من", "بين", "حول", "حتى", "نحو"))


def _locative(text: str, start: int, prefix: str, after_place: bool = False, strict: bool = False) -> bool:
    """Is the name used as a location: "في واشنطن"، "بموسكو"، "العاصمة الليبية طرابلس"،
    or coordinated with a place just before it ("بين الخرطوم وجوبا")."""
    if "ب" in prefix or (prefix[:1] in ("و", "ف") and after_place):
        return True
    window = text[max(0, start - len(prefix) - 40):start - len(prefix)]
    window = re.split(r'[,.;:!?"()\[\]\n]', window)[-1]   # not across punctuation
    before = _WORD.findall(window)[-2:]
    cues = _LOCATIVE_BEFORE - _WEAK_LOCATIVE if strict else _LOCATIVE_BEFORE
    return any(w in cues or (w[:1] in "وف" and w[1:] in cues) for w in before)


def _previous_word(text: str, start: int) -> str:
    """The folded word right before `start` ("" after punctuation)."""
    j = start
    while j > 0 and text[j - 1] == " ":
        j -= 1
    k = j
    while k > 0 and is_word_char(text[k - 1]):
        k -= 1
    return text[k:j]


def _excluded(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Inside an actor's span, or straddling one; a place name that contains a country name
    ("كردستان العراق"، "جنوب لبنان") is kept."""
    return any(s < end and start < e and not (start <= s and e <= end and (start, end) != (s, e))
               for s, e in spans)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


# -- data loading ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4)
def _load(data_dir: str) -> PlaceFinder:
    base = Path(data_dir)
    skip, arabic_speaking = _countries(base)
    by_key: dict[str, list[Candidate]] = {}
    seen: dict[tuple[str, str], int] = {}   # (key, country) -> index in by_key[key]

    def put(key: str, cand: Candidate, prefer_new: bool = False) -> None:
        if not key or key in skip:
            return
        k = (key, cand.place.country or "")
        lst = by_key.setdefault(key, [])
        if k in seen:
            if prefer_new:
                lst[seen[k]] = cand
            return
        seen[k] = len(lst)
        lst.append(cand)

    gaz = base / "gazetteer.tsv"
    if gaz.exists():
        with open(gaz, encoding="utf-8", newline="") as fh:
            lines = (line for line in fh if not line.startswith("#"))
            reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader, None)  # header
            places: dict[int, Candidate] = {}
            for row in reader:
                if len(row) < 8:
                    continue
                name_ar, name_en, iso3, lat, lon, pop, gid_s, feature = row[:8]
                gid = int(gid_s)
                cand = places.get(gid)
                if cand is None:
                    population = int(pop or 0)
                    cand = places[gid] = Candidate(
                        Place(name_ar, name_en or None, iso3 or None, float(lat), float(lon), gid),
                        population, population >= NOTABLE_POPULATION, feature == "capital")
                key = fold(name_ar)
                if _reads_as_arabic_word(key, iso3, arabic_speaking):
                    continue
                put(key, cand)
    regions = base / "regions.yaml"
    if regions.exists():
        for row in yaml.load(regions.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or []:
            population = int(row.get("population") or 0)
            kind = row.get("kind") or "area"
            place = Place(str(row["name"]), row.get("name_en"), row.get("country"),
                          _float(row.get("lat")), _float(row.get("lon")), None)
            cand = Candidate(place, population, kind in NOTABLE_KINDS or population >= NOTABLE_POPULATION,
                             ambiguous=bool(row.get("ambiguous")))
            for n in [row["name"], *(row.get("aliases") or [])]:
                key = fold(str(n))
                existing = next((c for c in by_key.get(key, []) if c.place.country == place.country), None)
                if existing is None:
                    put(key, cand)
                elif kind in NOTABLE_KINDS and existing.population < 10_000:
                    # a hand-curated province or site beats a homonymous GeoNames village
                    put(key, cand, prefer_new=True)
                else:
                    # the same place in both sources: GeoNames' record, the curated flags
                    put(key, Candidate(existing.place, max(existing.population, population),
                                       existing.notable or cand.notable, existing.capital, cand.ambiguous),
                        prefer_new=True)
    words = yaml.load((base / "place_words.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER) \
        if (base / "place_words.yaml").exists() else {}
    return PlaceFinder(by_key, words or {}, _given_names(base))


try:
    _YAML_LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YAML_LOADER = yaml.SafeLoader


def _reads_as_arabic_word(key: str, country: str, arabic_speaking: frozenset[str]) -> bool:
    """A short foreign name transliterated with a leading "ال" (آلبو Aalborg, ألبي Albi, إلش Elche)
    folds to the article plus two letters, which is how Arabic words and tribal names read
    ("البو متيوت"، "الي"): such a name is kept only for places in the MENA region."""
    return key.startswith("ال") and len(key) <= 4 and country not in arabic_speaking


def _float(v) -> float | None:
    return None if v is None else float(v)


def _countries(base: Path) -> tuple[frozenset[str], frozenset[str]]:
    """From countries.yaml: the names of states (actors, never reported as places) and the codes
    of the MENA region (Arab League states and their neighbours)."""
    path = base / "countries.yaml"
    if not path.exists():
        return frozenset(), frozenset()
    names, mena = set(), set()
    for row in yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or []:
        if row.get("region") == "MENA":
            mena.add(str(row.get("iso3")))
        for n in row.get("names") or []:
            key = fold(str(n))
            names.add(key)
            if key.startswith("ال"):
                names.add(key[2:])
    return frozenset(names), frozenset(mena)


def _given_names(base: Path) -> frozenset[str]:
    path = base / "given_names.txt"
    if not path.exists():
        return frozenset()
    return frozenset(fold(line) for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))
