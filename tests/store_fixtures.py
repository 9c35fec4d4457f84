"""Helpers for the store/query/ask tests: database URLs (SQLite always, PostgreSQL when
MARSAD_TEST_PG is set) and hand-made analysed records in the `marsad analyze` contract."""
from __future__ import annotations

import itertools
import os

import pytest

PG_URL = os.environ.get("MARSAD_TEST_PG")
BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.skipif(not PG_URL, reason="MARSAD_TEST_PG not set"))]


_schemas = itertools.count()


def fresh_url(kind: str, tmp_path, request=None) -> str:
    """An empty database of `kind`: a new SQLite file, or a new schema of the test PostgreSQL
    (its own search_path, so concurrent test runs do not meet; dropped after the test)."""
    if kind == "sqlite":
        return str(tmp_path / "marsad.db")
    from sqlalchemy import text

    from marsad.store.db import make_engine

    name = f"marsad_t{os.getpid()}_{next(_schemas)}"
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {name}"))
    engine.dispose()
    if request is not None:
        def drop():
            eng = make_engine(PG_URL)
            with eng.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            eng.dispose()
        request.addfinalizer(drop)
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{name}"


def ent(eid, name, code, name_en=None, text=None, sector=None):
    return {"id": eid, "name": name, "name_en": name_en, "code": code, "sector": sector,
            "entity_text": text or name, "wikidata": None}


TRUMP = ("usa.trump", "دونالد ترامب", "USA", "Donald Trump")
SHANAHAN = ("usa.shanahan", "باتريك شاناهان", "USA", "Patrick Shanahan")
EMBASSY = ("usa.embassy_libya", "السفارة الأميركية في ليبيا", "USA", "US Embassy in Libya")
HAFTAR = ("lby.haftar", "خليفة حفتر", "LBY", "Khalifa Haftar")
BUISIR = (None, "محمد بويصير", "LBY", None)
USA = ("country.usa", "الولايات المتحدة", "USA", "United States")
RUSSIA = ("country.rus", "روسيا", "RUS", "Russia")
IRAN = ("country.irn", "إيران", "IRN", "Iran")
HOUTHIS = ("yem.houthis", "الحوثيون", "YEM", "Houthis")
REBELS = (None, "فصائل المعارضة", "SYR", None)


def E(t, text=None, sector=None):
    return ent(*t, text=text, sector=sector)


def _span(text: str, words: str) -> tuple[int, int]:
    i = text.index(words)
    return i, i + len(words)


def _sentence(text: str, words: str) -> tuple[int, int, str]:
    i = text.index(words)
    lo = text.rfind(".", 0, i) + 1
    hi = text.find(".", i) + 1 or len(text)
    while text[lo] == " ":
        lo += 1
    return lo, hi, text[lo:hi]


def event(text, words, etype, actor, recipient, date=None, negated=False, hedged=False, attributed=None,
          place=None, cameo=None, quad=None, eid=None):
    lo, hi, sent = _sentence(text, words)
    return {"id": eid or f"e{abs(hash((words, etype))) % 10**8}", "event": etype, "mode": None, "cameo": cameo,
            "quad_code": quad, "actor": actor, "recipient": recipient, "negated": negated, "hedged": hedged,
            "attributed_to": attributed, "date": date, "place": place, "text_info": {"start": lo, "end": hi},
            "event_text": sent, "confidence": 0.8, "rule": f"test.{etype.lower()}"}


def mentions(text, ent_dict, *words):
    out = []
    for w in words:
        s, e = _span(text, w)
        out.append({"start": s, "end": e, "text": w})
    return {**ent_dict, "mentions": out}


LIBYA_TEXT = (
    "أشاد الرئيس الأميركي دونالد ترامب يوم الجمعة بدور خليفة حفتر في مكافحة الإرهاب خلال اتصال هاتفي بينهما. "
    "وقال وزير الدفاع الأميركي بالنيابة باتريك شاناهان يوم السبت إن واشنطن تؤيد دور حفتر في مكافحة الإرهاب. "
    "لكن المستشار السابق محمد بويصير نفى أن يكون الاتصال دليلا على دعم أميركي لحفتر. "
    "ورأت وسائل إعلام مقربة من حفتر في البيان دعما أميركيا صريحا لحملته. "
    "وحثت السفارة الأميركية في ليبيا جميع الأطراف على وقف التصعيد فورا. "
    "وأكدت السفارة في بيان سابق أنه \"لا يوجد حل عسكري للصراع في ليبيا\"."
)


def libya_record() -> dict:
    t = LIBYA_TEXT
    evs = [
        event(t, "أشاد الرئيس", "SUPPORT", [E(TRUMP, "دونالد ترامب", "GOV")], [E(HAFTAR, "خليفة حفتر", "MIL")],
              date="2019-04-19", cameo="051", quad=1, eid="e1"),
        event(t, "تؤيد دور حفتر", "SUPPORT", [E(SHANAHAN, "باتريك شاناهان", "MIL")], [E(HAFTAR, "حفتر", "MIL")],
              date="2019-04-20", cameo="051", quad=1, eid="e2"),
        event(t, "نفى أن يكون", "SUPPORT", [E(USA, "أميركي")], [E(HAFTAR, "حفتر", "MIL")], negated=True,
              attributed=E(BUISIR, "محمد بويصير"), cameo="051", quad=1, eid="e3"),
        event(t, "دعما أميركيا", "SUPPORT", [E(USA, "أميركيا")], [E(HAFTAR, "حفتر", "MIL")],
              attributed=ent(None, "وسائل إعلام مقربة من حفتر", "LBY", text="وسائل إعلام"), cameo="051", quad=1,
              eid="e4"),
        event(t, "وحثت السفارة", "REQUEST", [E(EMBASSY, "السفارة الأميركية في ليبيا", "GOV")], [],
              cameo="010", quad=3, eid="e5"),
    ]
    quote_start, quote_end = _span(t, "لا يوجد حل عسكري للصراع في ليبيا")
    return {
        "id": "libya00000000001", "source_id": "t-1", "title": "هل تلقى حفتر دعما أميركيا؟",
        "published": "2019-04-21", "source": "صحيفة الاختبار", "url": "https://example.org/libya-1", "text": t,
        "entities": [mentions(t, E(TRUMP), "دونالد ترامب"), mentions(t, E(HAFTAR), "خليفة حفتر"),
                     mentions(t, E(SHANAHAN), "باتريك شاناهان"), mentions(t, E(BUISIR), "محمد بويصير"),
                     mentions(t, E(EMBASSY), "السفارة الأميركية في ليبيا")],
        "places": [{"name": "ليبيا", "name_en": "Libya", "country": "LBY", "lat": 27.0, "lon": 17.0,
                    "geonameid": 2215636, "mentions": [{"start": quote_end - 5, "end": quote_end, "text": "ليبيا"}]}],
        "dates": [{"text": "يوم الجمعة", "start": t.index("يوم الجمعة"), "end": t.index("يوم الجمعة") + 10,
                   "value": "2019-04-19", "grain": "day"}],
        "quotes": [{"speaker": E(EMBASSY, "السفارة"), "cue": "أكدت", "text": t[quote_start:quote_end],
                    "start": quote_start, "end": quote_end, "direct": True, "date": None}],
        "events": evs,
    }


SYRIA_TEXT = (
    "شنت طائرات حربية روسية غارات مكثفة على مواقع فصائل المعارضة في ريف إدلب الجنوبي صباح الثلاثاء، "
    "ما أدى إلى سقوط عدد من القتلى والجرحى بين المدنيين بحسب ناشطين محليين. "
    "وقال المرصد إن الغارات استهدفت بلدات خان شيخون ومعرة النعمان وقرى محيطة بها، "
    "فيما أعلنت الفصائل أنها صدت محاولة تقدم للقوات الحكومية على محور جنوبي المدينة."
)


def syria_record(copy: bool = False) -> dict:
    t = SYRIA_TEXT
    if copy:   # the same wire report as carried by a second outlet, lightly edited
        t = t.replace("صباح الثلاثاء", "صباح يوم الثلاثاء").replace("بحسب ناشطين محليين", "وفق ناشطين")
    ev = event(t, "شنت طائرات", "ASSAULT", [E(RUSSIA, "روسية")], [ent(*REBELS, text="فصائل المعارضة")],
               date="2018-05-01", place="إدلب", cameo="195", quad=4, eid="e1")
    return {
        "id": "syria0000000000" + ("2" if copy else "1"), "source_id": None, "title": "غارات روسية على إدلب",
        "published": "2018-05-01", "source": "وكالة ب" if copy else "وكالة أ",
        "url": f"https://example.org/syria-{'b' if copy else 'a'}", "text": t,
        "entities": [mentions(t, E(RUSSIA, "روسية"), "روسية")],
        "places": [{"name": "إدلب", "name_en": "Idlib", "country": "SYR", "lat": 35.93, "lon": 36.63,
                    "geonameid": 169304, "mentions": [{"start": t.index("إدلب"), "end": t.index("إدلب") + 4,
                                                       "text": "إدلب"}]}],
        "dates": [], "quotes": [], "events": [ev],
    }


YEMEN_TEXT = (
    "اتهم التحالف العربي إيران بتزويد الحوثيين بصواريخ باليستية أطلقت على المدن السعودية. "
    "وقال المتحدث باسم التحالف إن طهران تدعم الحوثيين بالسلاح والخبراء منذ سنوات."
)


def yemen_record() -> dict:
    t = YEMEN_TEXT
    ev = event(t, "طهران تدعم الحوثيين", "SUPPORT", [E(IRAN, "طهران")], [E(HOUTHIS, "الحوثيين", "REB")],
               date="2018-03-01", cameo="051", quad=1, eid="e1")
    return {
        "id": "yemen0000000001", "source_id": None, "title": "التحالف يتهم إيران", "published": "2018-03-01",
        "source": "وكالة ج", "url": "https://example.org/yemen", "text": t,
        "entities": [mentions(t, E(IRAN, "إيران"), "إيران"), mentions(t, E(HOUTHIS, "الحوثيين"), "الحوثيين")],
        "places": [], "dates": [], "quotes": [], "events": [ev],
    }


def all_records() -> list[dict]:
    return [libya_record(), syria_record(), syria_record(copy=True), yemen_record()]
