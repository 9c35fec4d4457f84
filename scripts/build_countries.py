#!/usr/bin/env python3
"""Build src/marsad/kb/data/countries.yaml from CLDR (via babel) and countries_overrides.yaml.

CLDR gives the Arabic and English name of every ISO 3166-1 territory; the overrides add what the
press uses and CLDR lacks (name variants, nisba adjectives, capitals, ambiguity marks, regions).

    .venv/bin/python scripts/build_countries.py [--check]

With --check the script only verifies that countries.yaml is up to date (exit status 1 if not).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import babel
import yaml
from babel import Locale
from babel.core import get_global

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from marsad.text.normalize import fold  # noqa: E402

DATA = ROOT / "src" / "marsad" / "kb" / "data"
OVERRIDES = DATA / "countries_overrides.yaml"
OUTPUT = DATA / "countries.yaml"

REGIONS = ("MENA", "EUR", "ASIA", "AFR", "AMR", "OCE")
# Withdrawn alpha-3 codes that CLDR still lists as aliases of a current alpha-2 code.
HISTORIC_ALPHA3 = {"BUR", "DDR", "FXX", "TMP", "YMD", "ZAR", "NTZ", "SCG", "SUN", "YUG", "ANT"}
# Suffixes added to a masculine singular nisba (…ي): fem. sing., masc. pl. nom./obl.,
# fem. pl., masc. dual nom., fem. dual nom./obl. (masc. dual obl. is written like the plural).
NISBA_SUFFIXES = ("", "ة", "ون", "ين", "ات", "ان", "تان", "تين")
ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+$")


class BuildError(RuntimeError):
    pass


def alpha2_to_alpha3() -> dict[str, str]:
    """ISO 3166-1 alpha-2 → alpha-3, from CLDR's territory alias table."""
    mapping: dict[str, str] = {}
    for alias, targets in get_global("territory_aliases").items():
        if len(alias) == 3 and alias.isalpha() and alias not in HISTORIC_ALPHA3 and len(targets) == 1:
            target = targets[0]
            if target in mapping and mapping[target] != alias:
                raise BuildError(f"two alpha-3 codes for {target}: {mapping[target]}, {alias}")
            mapping[target] = alias
    return mapping


def clean_cldr_name(name: str) -> list[str]:
    """CLDR display names → press-usable forms: "ميانمار (بورما)" → [ميانمار, بورما]."""
    out = []
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    parts = [m.group(1), m.group(2)] if m else [name]
    for part in parts:
        part = re.sub(r"\s*-\s*", " ", part).strip()
        if part:
            out.append(part)
    return out


def clean_english(name: str) -> str:
    name = re.sub(r"\s*\(.*\)", "", name)
    name = name.replace(" SAR China", "").replace("&", "and")
    return name.strip()


def expand_nisba(base: str) -> list[str]:
    if not base.endswith("ي") or " " in base:
        raise BuildError(f"nisba_base {base!r} must be one word ending in ي")
    return [base + s for s in NISBA_SUFFIXES]


def derived_nisba(name: str) -> str | None:
    """The masculine nisba of a one-word country name, or None when no safe rule applies.

    كينيا → كيني, فرنسا → فرنسي, سنغافورة → سنغافوري, السويد → سويدي, لبنان → لبناني.
    Names ending in ي or و (مالي, بيرو) are left alone; overrides switch the rule off where
    the press form differs (النمسا → نمساوي).
    """
    name = re.sub("[\u064B-\u0652\u0640]", "", name)  # harakat, tatweel: عُمان → عمان
    word = name[2:] if name.startswith("ال") else name
    if not ARABIC_WORD.match(word) or len(word) < 3:
        return None
    if word.endswith("يا"):
        return word[:-1]
    if word.endswith("ا") or word.endswith("ة"):
        return word[:-1] + "ي"
    if word[-1] in "يوىء":
        return None
    return word + "ي"


def dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for x in items:
        k = fold(x)
        if k and k not in seen:
            seen.add(k)
            out.append(x)
    return out


def build() -> list[dict]:
    with open(OVERRIDES, encoding="utf-8") as fh:
        ov = yaml.safe_load(fh)
    exclude = set(ov["exclude"])
    extra = dict(ov.get("extra_codes") or {})
    territories = set(ov.get("territories") or [])
    region_of: dict[str, str | None] = {}
    for region, codes in ov["regions"].items():
        for code in codes:
            if code in region_of:
                raise BuildError(f"{code} is in two regions")
            region_of[code] = region if region in REGIONS else None
    per_country: dict[str, dict] = ov.get("countries") or {}

    ar = Locale("ar").territories
    en = Locale("en").territories
    a3 = alpha2_to_alpha3()
    rows = []
    for iso2 in sorted(ar):
        if not (len(iso2) == 2 and iso2.isalpha()) or iso2 in exclude:
            continue
        iso3 = extra.get(iso2) or a3.get(iso2)
        if not iso3:
            raise BuildError(f"no alpha-3 code for {iso2}")
        o = per_country.get(iso3) or {}
        unknown = set(o) - {"names", "replace_cldr", "nisba_base", "nisba", "nisba_auto", "capitals",
                            "capital_en", "ambiguous", "name_en"}
        if unknown:
            raise BuildError(f"{iso3}: unknown override keys {sorted(unknown)}")
        cldr_names = clean_cldr_name(ar[iso2])
        names = list(o.get("names") or [])
        if not o.get("replace_cldr"):
            names += cldr_names
        names = dedupe(names)

        nisba: list[str] = []
        for base in o.get("nisba_base") or []:
            nisba += expand_nisba(base)
        if not o.get("nisba_base") and o.get("nisba_auto", True) and iso3 not in territories:
            base = derived_nisba(cldr_names[0])
            if base:
                nisba += expand_nisba(base)
        nisba += list(o.get("nisba") or [])
        nisba = dedupe(nisba)
        for n in nisba:
            if " " not in n and n.startswith("ال"):
                raise BuildError(f"{iso3}: one-word nisba {n!r} must be written without ال")

        capitals = dedupe(list(o.get("capitals") or []))
        ambiguous = dedupe(list(o.get("ambiguous") or []))
        listed = {fold(x) for x in names + nisba + capitals}
        for a in ambiguous:
            if fold(a) not in listed:
                raise BuildError(f"{iso3}: ambiguous form {a!r} is not among its names/nisba/capitals")
        if iso3 not in region_of:
            raise BuildError(f"{iso3}: no region")
        row = {
            "iso3": iso3,
            "iso2": iso2,
            "name_en": o.get("name_en") or clean_english(en[iso2]),
            "names": names,
            "nisba": nisba,
            "capitals": capitals,
            "capital_en": o.get("capital_en"),
            "region": region_of[iso3],
        }
        if ambiguous:
            row["ambiguous"] = ambiguous
        rows.append(row)

    known = {r["iso3"] for r in rows}
    for code in list(per_country) + list(region_of):
        if code not in known:
            raise BuildError(f"overrides mention {code}, which is not a built country")
    check_collisions(rows)
    return rows


def check_collisions(rows: list[dict]) -> None:
    """A folded form may belong to two countries only if one of them marks it ambiguous."""
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        skip = {fold(a) for a in r.get("ambiguous", [])}
        for form in r["names"] + r["nisba"] + r["capitals"]:
            k = fold(form)
            if k not in skip:
                owners[k].add(r["iso3"])
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    if clashes:
        raise BuildError("forms shared by several countries: " +
                         "; ".join(f"{k}: {sorted(v)}" for k, v in sorted(clashes.items())))


def render(rows: list[dict]) -> str:
    head = (
        "# Countries: ISO 3166-1 (plus Kosovo XKX) with Arabic names, nisba adjectives and capitals.\n"
        f"# Generated by scripts/build_countries.py from CLDR (babel {babel.__version__}) and\n"
        "# countries_overrides.yaml; edit the overrides and rebuild instead of editing this file.\n"
    )
    body = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return head + body


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that countries.yaml is up to date")
    args = ap.parse_args()
    try:
        rows = build()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = render(rows)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date; run scripts/build_countries.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    n_names = sum(len(r["names"]) for r in rows)
    n_nisba = sum(len(r["nisba"]) for r in rows)
    n_caps = sum(len(r["capitals"]) for r in rows)
    print(f"{len(rows)} countries, {n_names} names, {n_nisba} nisba forms, {n_caps} capitals -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
