"""Text clean-up for storage, publication-date lines, and page-dump parsing.

Storage text keeps the letters as written (no folding): only line endings, control characters,
invisible marks and the Unicode form are normalised, and whitespace is collapsed. Folding is used
here only to recognise words (month names, page furniture), never to change the stored text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from ..extract.dates import month_names
from ..text.normalize import fold

# Invisible marks that only disturb matching and hashing: zero-width space/joiners, LRM/RLM,
# bidi embeddings and isolates, word joiner, BOM, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad"
_INVISIBLE_RE = re.compile("[" + _INVISIBLE + "]")
# C0/C1 controls except tab and newline (tab becomes a space below).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_SEP_RE = re.compile("\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")


def normalize_storage(text: str) -> str:
    """Line endings to \\n, control characters and invisible marks removed, NFC. Letters untouched."""
    if not text:
        return ""
    text = _LINE_SEP_RE.sub("\n", text)
    text = text.replace("\t", " ")
    text = _CONTROL_RE.sub("", text)
    text = _INVISIBLE_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_lines(text: str) -> list[str]:
    """Storage-normalised, whitespace-collapsed, non-empty lines."""
    out = []
    for line in normalize_storage(text).split("\n"):
        line = " ".join(line.split())  # every Unicode space (NBSP, thin, ideographic ...) → one space
        if line:
            out.append(line)
    return out


def clean_text(text: str) -> str:
    """The stored form of an article body: paragraphs joined by a single newline."""
    return "\n".join(clean_lines(text))


def clean_inline(value: object) -> str | None:
    """A one-line metadata value (title, source, url): cleaned, or None when empty."""
    if value is None:
        return None
    text = " ".join(clean_lines(str(value)))
    return text or None


# ---------------------------------------------------------------------------------------------
# Dates

# Month names come from the date extractor's calendar data (kb/data/dates.yaml), with the
# Libyan names that only page date lines use.
_MONTH_OF = month_names(libyan=True)
_MONTH_ALT = "|".join(sorted((re.escape(n) for n in _MONTH_OF), key=len, reverse=True))
_LETTER = r"[^\W\d_]"
# "21 ابريل 2019", "4 إبريل/ نيسان 2019", "21 من ابريل عام 2019" (matched on folded text).
_DAY_MONTH_YEAR_RE = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?<!{_LETTER})({_MONTH_ALT})(?!{_LETTER})"
    rf"(?:\s*[/\-(]\s*(?:{_MONTH_ALT})(?!{_LETTER})\s*\)?)?\s*[,،]?\s*(?:عام\s+|سنه\s+)?(\d{{4}})(?!\d)"
)
_ISO_RE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")

# Words that may surround a date on a date line (folded): weekdays, "published", "updated", times.
_DATE_LINE_FILLER = {
    "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت",
    "نشر", "نشرت", "منشور", "في", "بتاريخ", "التاريخ", "تاريخ", "النشر", "اخر", "تحديث",
    "التحديث", "محدث", "الساعه", "ص", "م", "صباحا", "مساء", "مساءا", "بتوقيت", "غرينتش",
    "غرينيتش", "مكه", "المكرمه", "القدس", "gmt", "utc", "am", "pm", "يوم", "عام", "سنه", "من",
}
_DATE_LINE_FILLER = {fold(w) for w in _DATE_LINE_FILLER}
_TIME_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")


def _make_date(year: int, month: int, day: int) -> date | None:
    if not 1800 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _find_date(folded: str) -> tuple[date | None, tuple[int, int] | None]:
    for regex, order in ((_DAY_MONTH_YEAR_RE, "dmy-name"), (_ISO_RE, "ymd"), (_DMY_RE, "dmy")):
        m = regex.search(folded)
        if not m:
            continue
        if order == "dmy-name":
            value = _make_date(int(m.group(3)), _MONTH_OF[m.group(2)], int(m.group(1)))
        elif order == "ymd":
            value = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            value = _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if value:
            return value, m.span()
    return None, None


def parse_date(value: object) -> date | None:
    """A date from a metadata value: ISO (with or without time), DD/MM/YYYY, or "21 ابريل 2019"."""
    if value is None:
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # datetime → its day
    found, _ = _find_date(fold(str(value)))
    return found


def parse_date_line(line: str) -> date | None:
    """The date when `line` is a publication-date line (a date plus at most weekday/time words)."""
    if len(line) > 80:
        return None
    folded = fold(line)
    found, span = _find_date(folded)
    if not found or span is None:
        return None
    rest = folded[: span[0]] + " " + folded[span[1]:]
    rest = _TIME_RE.sub(" ", rest)
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if w not in _DATE_LINE_FILLER]
    return found if len(words) <= 2 else None


# ---------------------------------------------------------------------------------------------
# Page furniture: buttons, share bars, font-size controls, "read also" links, captions.

# Words that make up share/print/font bars and navigation (folded). A short line made only of
# these words, symbols, digits and single Latin letters is furniture.
_FURNITURE_WORDS = {
    "شارك", "شاركها", "مشاركه", "المشاركه", "طباعه", "اطبع", "الطباعه", "حجم", "الخط", "خط",
    "تغريد", "غرد", "تويت", "ارسل", "ارسال", "تعليق", "تعليقات", "التعليقات", "حفظ",
    "نسخ", "الرابط", "رابط", "مختصر", "فيسبوك", "فيس", "بوك", "تويتر", "واتساب", "واتس", "اب",
    "تلغرام", "تيليغرام", "لينكدان", "انستغرام", "يوتيوب", "البريد", "الالكتروني", "ايميل",
    "تكبير", "تصغير", "استمع", "للخبر", "الاستماع", "اضغط", "هنا", "تابعونا", "تابعنا", "على",
    "عبر", "المزيد", "الرئيسيه", "هذا", "هذه", "المقال", "المقاله", "الخبر", "الصفحه", "عاجل", "مشاهده", "قراءه", "دقيقه", "دقائق", "للقراءه",
    "facebook", "twitter", "whatsapp", "telegram", "linkedin", "email", "e-mail", "mail",
    "print", "share", "tweet", "copy", "link", "comments", "comment", "font", "size", "more",
}
_FURNITURE_WORDS = {fold(w) for w in _FURNITURE_WORDS}
# Line openers that mark a link to another article or a tag list (the whole line is dropped).
_LINK_LINE_RE = re.compile(
    r"^(?:[-•*»>|]\s*)?(?:اقرا|طالع|شاهد)\s*(?:ايضا|المزيد|كذلك)\b"
    r"|^(?:الكلمات الداله|كلمات داله|كلمات مفتاحيه|الوسوم|وسوم|tags)\s*[:：]?",
)
# Short headings that open a block of related-article links until the next prose paragraph.
_RELATED_BLOCK = {
    "مواضيع ذات صله", "اخبار ذات صله", "مقالات ذات صله", "ذات صله", "الاكثر قراءه",
    "الاكثر مشاهده", "اخترنا لك", "المزيد من الاخبار", "اقرا المزيد", "قد يهمك ايضا", "قد يهمك",
    "اقرا ايضا", "شاهد ايضا", "طالع ايضا",
}
_RELATED_BLOCK = {fold(w) for w in _RELATED_BLOCK}
_URL_LINE_RE = re.compile(r"^(?:<)?(?:https?://|www\.)\S+?(?:>)?$", re.I)
# Photo credits: an agency or a "photographer/ agency" pair in the closing parenthesis.
_CREDIT_WORDS = (
    "فرانس برس", "ا ف ب", "اف ب", "رويترز", "الاناضول", "اسوشيتد برس", "اسوشيتدبرس", "ا ب",
    "getty", "afp", "reuters", "epa", "anadolu", "associated press", "ap photo", "سانا", "واس",
    "وام", "الارشيف", "ارشيف", "ارشيفيه", "تصوير", "صوره", "مواقع التواصل", "تويتر", "فيسبوك",
)
_CREDIT_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(w)) for w in _CREDIT_WORDS) + r")(?!\w)")
_SENTENCE_END = ".!?؟…"
_WORD_RE = re.compile(r"[^\W_]+", re.U)


def _words(line: str) -> list[str]:
    return _WORD_RE.findall(line)


def _ends_sentence(line: str) -> bool:
    return line.rstrip("\"'»”’)]} ").endswith(tuple(_SENTENCE_END)) or line.rstrip().endswith(":")


def is_prose(line: str) -> bool:
    """A body paragraph rather than a heading, button or caption: a sentence of six words or more,
    or a very long line."""
    n = len(_words(line))
    return n >= 25 or (n >= 6 and _ends_sentence(line))


def _could_be_title(line: str) -> bool:
    """Headlines are short and do not end with a full stop (a question or exclamation may)."""
    return len(_words(line)) <= 20 and not line.rstrip("\"'»”’) ").endswith((".", ":", "،", "…"))


def is_furniture(line: str) -> bool:
    """Buttons, share/print/font bars, lone URLs, "read also" links, symbol-only lines."""
    if _URL_LINE_RE.match(line.strip()):
        return True
    folded = fold(line)
    if _LINK_LINE_RE.match(folded):
        return True
    words = _words(_TIME_RE.sub(" ", folded))
    if len(words) > 8 or (len(words) > 3 and _ends_sentence(line)):
        return False
    rest = [w for w in words if w not in _FURNITURE_WORDS and w not in _DATE_LINE_FILLER
            and not w.isdigit() and not (len(w) == 1 and w.isascii())]
    return not rest


def is_related_heading(line: str) -> bool:
    folded = fold(line).rstrip(" :：-")
    return folded in _RELATED_BLOCK


def caption_credit(line: str) -> str | None:
    """The credit when `line` reads as a photo caption "text (photographer/ agency)", else None."""
    m = re.search(r"\(([^()]{2,80})\)\s*$", line)
    if not m:
        return None
    before = line[: m.start()].strip()
    if not before or len(_words(before)) > 30 or _ends_sentence(before):
        return None
    credit = m.group(1)
    folded = fold(credit)
    if "/" in credit or "／" in credit or _CREDIT_RE.search(folded):
        return credit.strip()
    return None


# ---------------------------------------------------------------------------------------------
# Page dumps (.txt): title, date line, caption, furniture, body.


@dataclass
class PageParts:
    title: str | None = None
    published: date | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # other lines above the body (kicker, byline)

    @property
    def text(self) -> str:
        return "\n".join(self.body)


def _same(a: str, b: str) -> bool:
    return fold(a).rstrip(" .") == fold(b).rstrip(" .")


def parse_page(text: str) -> PageParts:
    """Split a raw page dump into title, publication date, captions, page furniture and body.

    Above the first prose paragraph, the first line that is not a date, caption or button is the
    title (repeats of it are dropped), the first date line is the publication date, captions are
    kept apart, and everything else is dropped. Below it, furniture lines and blocks of related-
    article links are dropped; every other line is a body paragraph.
    """
    lines = clean_lines(text)
    parts = PageParts()

    def starts_body(i: int) -> bool:
        ln = lines[i]
        return is_prose(ln) and not caption_credit(ln) and not is_furniture(ln) and not parse_date_line(ln)

    first = next((i for i, ln in enumerate(lines) if not is_furniture(ln) and not parse_date_line(ln)
                  and not caption_credit(ln)), len(lines))
    title_first = first < len(lines) and _could_be_title(lines[first])
    start = next((i for i in range(len(lines)) if starts_body(i) and not (title_first and i == first)),
                 len(lines))
    for line in lines[:start]:
        if parts.published is None and (found := parse_date_line(line)):
            parts.published = found
            continue
        if is_furniture(line):
            continue
        if parse_date_line(line):
            parts.header.append(line)
            continue
        if caption_credit(line):
            parts.captions.append(line)
            continue
        if parts.title is None:
            parts.title = line
        elif not _same(line, parts.title):
            parts.header.append(line)
    body = filter_body(lines[start:], parts.captions)
    if not body and parts.header:  # no paragraph long enough to be prose: keep the short lines
        body, parts.header = parts.header, []
    if parts.title and body and _same(body[0], parts.title):
        body = body[1:]
    parts.body = body
    return parts


def filter_body(lines: list[str], captions: list[str] | None = None) -> list[str]:
    """Body lines without furniture, related-article blocks and agency-credited photo captions
    (appended to `captions` when given)."""
    body: list[str] = []
    in_related = False
    for line in lines:
        if in_related:
            if is_prose(line) and not _LINK_LINE_RE.match(fold(line)):
                in_related = False
            else:
                continue
        if is_related_heading(line):
            in_related = True
            continue
        if is_furniture(line):
            continue
        if not is_prose(line) and caption_credit(line) and _credit_is_agency(line):
            if captions is not None:
                captions.append(line)
            continue
        body.append(line)
    return body


def _credit_is_agency(line: str) -> bool:
    credit = caption_credit(line) or ""
    return bool(_CREDIT_RE.search(fold(credit)))
