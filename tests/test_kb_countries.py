"""countries.yaml: structure, uniqueness of forms, press names and adjectives, matching in text."""
from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from marsad.kb.loader import DATA_DIR, load_kb
from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import fold, normalize

ROOT = Path(__file__).resolve().parent.parent
ROWS = yaml.safe_load((DATA_DIR / "countries.yaml").read_text(encoding="utf-8"))
REGIONS = {"MENA", "EUR", "ASIA", "AFR", "AMR", "OCE", None}


def _resolver() -> dict[str, set[str]]:
    """Folded form → countries, leaving out forms a country marks as ambiguous."""
    owners: dict[str, set[str]] = defaultdict(set)
    for r in ROWS:
        skip = {fold(a) for a in r.get("ambiguous") or []}
        for form in (r.get("names") or []) + (r.get("nisba") or []) + (r.get("capitals") or []):
            if fold(form) not in skip:
                owners[fold(form)].add(r["iso3"])
    return owners


OWNERS = _resolver()


def resolve(form: str) -> str | None:
    """The single country a press form stands for, trying it as written and without ال."""
    key = fold(form)
    for k in (key, key[2:] if key.startswith("ال") else None):
        if k and k in OWNERS:
            (code,) = OWNERS[k]
            return code
    return None


def test_loads_and_counts():
    kb = load_kb()
    assert len(ROWS) >= 240
    assert len(kb.countries) == len(ROWS)
    assert kb.countries["USA"].name == "الولايات المتحدة"
    assert kb.countries["PSE"].name == "فلسطين"
    assert {"PSE", "XKX", "ESH"} <= set(kb.countries)


def test_codes_are_unique_and_well_formed():
    iso3 = [r["iso3"] for r in ROWS]
    assert len(iso3) == len(set(iso3))
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in iso3)
    iso2 = [r["iso2"] for r in ROWS]
    assert len(iso2) == len(set(iso2))
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in iso2)
    # no regions, unions or pseudo-codes from CLDR
    assert not {"EUR", "UNO", "QUU", "ZZZ"} & set(iso3)
    assert not {"EU", "UN", "EZ", "ZZ", "XA", "XB", "QO"} & set(iso2)


def test_fields():
    for r in ROWS:
        assert r["names"], r["iso3"]
        assert r["name_en"]
        assert r["region"] in REGIONS, r["iso3"]
        for n in r["nisba"]:
            if " " not in n:
                assert not n.startswith("ال"), (r["iso3"], n)
        listed = {fold(x) for x in r["names"] + r["nisba"] + r["capitals"]}
        for a in r.get("ambiguous") or []:
            assert fold(a) in listed, (r["iso3"], a)


def test_no_form_belongs_to_two_countries():
    clashes = {k: v for k, v in OWNERS.items() if len(v) > 1}
    assert clashes == {}


@pytest.mark.parametrize("form, code", [
    ("الأمريكيين", "USA"), ("الأميركيين", "USA"), ("أميركيون", "USA"), ("الأمريكية", "USA"),
    ("أميركا", "USA"), ("أمريكا", "USA"), ("الولايات المتحدة الأمريكية", "USA"), ("الأمريكان", "USA"),
    ("المملكة المتحدة", "GBR"), ("بريطانيا", "GBR"), ("البريطانيون", "GBR"), ("البريطانية", "GBR"),
    ("السعودية", "SAU"), ("المملكة العربية السعودية", "SAU"), ("السعوديين", "SAU"),
    ("الإمارات", "ARE"), ("الإمارات العربية المتحدة", "ARE"), ("الإماراتي", "ARE"),
    ("سوريا", "SYR"), ("سورية", "SYR"), ("السوريين", "SYR"),
    ("موريتانيا", "MRT"), ("جيبوتي", "DJI"), ("جنوب السودان", "SSD"), ("الجنوب سوداني", "SSD"),
    ("إسرائيل", "ISR"), ("الإسرائيليين", "ISR"), ("فلسطين", "PSE"), ("الأراضي الفلسطينية", "PSE"),
    ("الفلسطينيون", "PSE"), ("كوريا الشمالية", "PRK"), ("الكوري الشمالي", "PRK"), ("الكورية الجنوبية", "KOR"),
    ("المصري", "EGY"), ("الليبية", "LBY"), ("الروس", "RUS"), ("الروسية", "RUS"), ("الفرنسيين", "FRA"),
    ("الأتراك", "TUR"), ("التركي", "TUR"), ("الإيرانية", "IRN"), ("العراقيين", "IRQ"), ("اليمني", "YEM"),
    ("السودانية", "SDN"), ("القطري", "QAT"), ("الأفغان", "AFG"), ("الأفغانية", "AFG"), ("الأردنية", "JOR"),
    ("الصينيون", "CHN"), ("اليابانية", "JPN"), ("الهنود", "IND"), ("الباكستاني", "PAK"), ("الألمان", "DEU"),
    ("الإيطالية", "ITA"), ("الأوكرانية", "UKR"), ("اليونانية", "GRC"), ("الكندي", "CAN"), ("الإثيوبية", "ETH"),
    ("الإريترية", "ERI"), ("الصومالية", "SOM"), ("المغاربة", "MAR"), ("الجزائري", "DZA"), ("التونسية", "TUN"),
    ("عمان", "OMN"), ("العمانية", "OMN"), ("الكويتي", "KWT"), ("البحرينية", "BHR"), ("اللبناني", "LBN"),
    ("واشنطن", "USA"), ("موسكو", "RUS"), ("طهران", "IRN"), ("أنقرة", "TUR"), ("الرياض", "SAU"),
    ("أبوظبي", "ARE"), ("أبو ظبي", "ARE"), ("القاهرة", "EGY"), ("دمشق", "SYR"), ("بغداد", "IRQ"),
    ("طرابلس", "LBY"), ("صنعاء", "YEM"), ("الخرطوم", "SDN"), ("باريس", "FRA"), ("لندن", "GBR"), ("بكين", "CHN"),
    ("الجزائر", "DZA"), ("الدولة العبرية", "ISR"), ("روسيا البيضاء", "BLR"), ("المجر", "HUN"), ("الدنمارك", "DNK"),
    ("الكونغو الديمقراطية", "COD"), ("جمهورية مالي", "MLI"), ("النيجر", "NER"), ("تشاد", "TCD"), ("كوسوفو", "XKX"),
    ("الصحراء الغربية", "ESH"),
])
def test_press_forms_resolve(form, code):
    assert resolve(form) == code


@pytest.mark.parametrize("form", ["مالي", "مالية", "الماليين", "بنين", "مسقط", "سيول", "كابل", "صوفيا", "عربي"])
def test_ambiguous_words_are_not_matched(form):
    assert resolve(form) is None


def _country_matcher() -> PhraseMatcher:
    kb = load_kb()
    m: PhraseMatcher = PhraseMatcher()
    for c in kb.countries.values():
        skip = {fold(x) for x in c.ambiguous}
        for kind, forms in (("country", c.names), ("nisba", c.nisba), ("capital", c.capitals)):
            for f in forms:
                if fold(f) not in skip:
                    m.add(f, (kind, c.iso3))
    m.build()
    return m


def test_matching_in_news_text():
    m = _country_matcher()
    text = ("قال مسؤولون أميركيون إن واشنطن ستفرض عقوبات جديدة على طهران، فيما رحبت الخارجية السعودية "
            "بالقرار وأعلنت وزارة الدفاع الكورية الشمالية رفضها، مؤكدة أن دعما ماليا لن يغير موقف بيونغ يانغ "
            "من الولايات المتحدة الأمريكية.")
    matches = m.find(normalize(text))
    found = list(dict.fromkeys((x.text, x.payload[1]) for x in matches))
    assert found == [
        ("أميركيون", "USA"), ("واشنطن", "USA"), ("طهران", "IRN"), ("السعودية", "SAU"),
        ("الكورية الشمالية", "PRK"), ("بيونغ يانغ", "PRK"), ("الولايات المتحدة الأمريكية", "USA"),
    ]
    # "السعودية" is both the state's name and the feminine adjective: both readings are offered
    assert {x.payload[0] for x in matches if x.text == "السعودية"} == {"country", "nisba"}
    assert [x.payload[0] for x in matches if x.text == "أميركيون"] == ["nisba"]


def test_generated_file_is_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_countries.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
