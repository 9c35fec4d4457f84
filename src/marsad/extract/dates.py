"""Find date expressions in Arabic news text and resolve them against the publication date.

`find_dates(text, published)` returns `DateMention`s with offsets into `text`:

- absolute days: "21 أبريل 2019", "الثامن من إبريل/ نيسان الجاري", "15 تموز (يوليو) من العام
  الماضي", "2019/04/21", "21-4-2019", "العاشر من الشهر الجاري";
- relative days: اليوم، أمس، أول أمس، غداً، بعد غد، "قبل يومين"، weekdays with or without a part
  of the day or a qualifier ("مساء الأحد", "الجمعة الماضية", "الخميس المقبل");
- compounds are one mention ("أمس السبت", "اليوم الاثنين 8 أكتوبر", "الخميس 12 مارس").

Month-only ("مارس الماضي", "يناير 2019") and year-only ("عام 2015") expressions come out
with grain "month"/"year" and value on the first day of the period.

The matching runs on the original text with patterns that accept the usual spelling variants
(أ/إ/آ/ا, ى/ي, ة/ه, ؤ/و, ئ/ي, Eastern digits), so offsets need no mapping. Hijri dates are
not resolved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from ..doc import DateMention
from ..text.normalize import fold

_DATA_FILE = Path(__file__).resolve().parent.parent / "kb" / "data" / "dates.yaml"

_VARIANTS = {"ا": "[اأإآٱ]", "ي": "[يىئ]", "ه": "[هة]", "و": "[وؤ]"}
_MARKS = "[\u064b-\u0652\u0640]*"   # trailing harakat / tatweel (غداً)
_END = _MARKS + r"(?!\w)"
_START = r"(?<!\w)"
_SP = r"[ \t\u00a0]+"
_OSP = r"[ \t\u00a0]*"
_DIG = "[0-9٠-٩]"
_EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _alternation(words) -> str:
    """A regex matching any of `words`, factored as a trie so it costs one walk, not one try
    per word (the scanner runs it at every candidate position)."""
    trie: dict = {}
    for w in {fold(w) for w in words}:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    terminal = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        piece = _SP if ch == " " else _VARIANTS.get(ch, re.escape(ch))
        branches.append(piece + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        return f"(?:{body})?"
    return body


def _to_int(digits: str) -> int:
    return int(digits.translate(_EASTERN))


def month_names(libyan: bool = False) -> dict[str, int]:
    """Folded Gregorian month names → month number (with the Libyan 1986-2011 names on request)."""
    names = dict(_lexicon().months)
    if libyan:
        names.update({fold(n): m["month"] for m in _lexicon().data.get("libyan_months", []) for n in m["names"]})
    return names


def day_words() -> frozenset[str]:
    """Folded weekday names and words for a day relative to today (اليوم، أمس، الغد ...), each word alone."""
    lex = _lexicon()
    words = {w for phrase in (*lex.weekdays, *lex.deictic, *lex.deictic_after_part) for w in phrase.split()}
    return frozenset(words)


@dataclass
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    deictic: dict[str, int]
    deictic_after_part: dict[str, int]
    day_counts: dict[str, int]
    past: set[str]
    current: set[str]
    next: set[str]
    event_heads: set[str]
    generic_before: set[str]
    future_cues: list[str]
    data: dict


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(_DATA_FILE.read_text(encoding="utf-8"))
    months = {fold(n): m["month"] for m in data["months"] for n in m["names"]}
    weekdays = {fold(n): w["weekday"] for w in data["weekdays"] for n in w["names"]}
    ordinals: dict[str, int] = {}
    units = data["ordinal_units"]
    tens = data["ordinal_tens"]
    for n, forms in units.items():
        for w in forms["alone"]:
            ordinals[fold(w)] = int(n)
    for n, words in tens.items():
        for w in words:
            ordinals[fold(w)] = int(n)
    for n, forms in units.items():
        for u in forms["unit"]:
            for teen in data["ordinal_teen"]:
                ordinals[fold(f"{u} {teen}")] = 10 + int(n)
            for ten in (20, 30):
                if ten + int(n) > 31:
                    continue
                for t in tens[ten]:
                    ordinals[fold(f"{u} و{t}")] = ten + int(n)
    deictic = {fold(w): d["offset"] for d in data["deictic"] for w in d["words"]}
    counts = {fold(w): c["n"] for c in data["day_counts"] for w in c["words"]}
    return _Lexicon(
        months=months,
        weekdays=weekdays,
        ordinals=ordinals,
        deictic=deictic,
        deictic_after_part={fold(w): x["offset"] for x in data["deictic_after_part"] for w in x["words"]},
        day_counts=counts,
        past={fold(w) for w in data["past"]},
        current={fold(w) for w in data["current"]},
        next={fold(w) for w in data["next"]},
        event_heads={fold(w) for w in data["named_event_heads"]},
        generic_before={fold(w) for w in data["weekday_generic_before"]},
        future_cues=[fold(w) for w in data["future_cues"]],
        data=data,
    )


# Characters after which a word starts (the start of the text is checked on its own).
_SEPARATORS = " \n\t\u00a0(«\"'“-–—/،,:؛;.[#*"


def _anchor_regex(words: set[str]) -> re.Pattern:
    """A word of `words` after a separator, or a number. The regex opens with one character
    class, so the engine skips in C to the few candidate characters (spaces, digits)."""
    first = re.escape(_SEPARATORS) + "0-9٠-٩"
    return re.compile(
        rf"[{first}](?:(?<=[0-9٠-٩])[0-9٠-٩]*|(?<![0-9٠-٩])[وفبل]{{0,2}}{_alternation(words)}{_END})"
    )


@lru_cache(maxsize=1)
def _patterns():
    """One scanner regex with a branch per kind; group names are prefixed by the branch name."""
    lex = _lexicon()
    d = lex.data
    month = _alternation(lex.months)
    qual_words = _alternation(d["past"] + d["current"] + d["next"])
    ordinal = _alternation(lex.ordinals)
    part = _alternation(d["day_parts"])
    # a number may carry a one-letter proclitic (و21 أبريل، ب15 مايو)
    free = r"(?:(?<![\w٫.:/\-])|(?<=[وفب])(?<!\w[وفب]))"
    day = rf"{free}{_DIG}{{1,2}}(?!{_DIG})"

    def month_expr(p: str) -> str:
        # a second name of the same month: "أبريل/ نيسان", "سبتمبر (أيلول)", "تموز-يوليو"
        return (
            rf"(?:شهر{_SP})?(?P<{p}_mon>{month}){_MARKS}"
            rf"(?:{_OSP}(?:[/\\(\-–]|ـ+){_OSP}{month}{_OSP}\)?)?(?!\w)"
        )

    def year_tail(p: str) -> str:
        qual = rf"(?:{_SP}(?P<{p}_q>{qual_words}){_END})"
        year_rel = (
            rf"(?:{_SP}(?:من{_SP})?(?:هذا{_SP}(?P<{p}_ythis>العام|السن[ةه])|"
            rf"(?P<{p}_ysame>(?:نفس|ذات){_SP}(?:العام|السن[ةه])|(?:العام|السن[ةه]){_SP}(?:نفسه|نفسها|ذاته|ذاتها))|"
            rf"(?:العام|السن[ةه]){_SP}(?P<{p}_yq>{qual_words})){_END})"
        )
        year = (
            rf"(?:{_OSP}[،,]?{_OSP}(?:(?:من{_SP})?(?:عام|العام|سن[ةه]|السن[ةه]){_SP})?"
            rf"(?P<{p}_y>[12]{_DIG}{{3}})(?!{_DIG})(?:{_OSP}م(?!\w)|{_SP}ميلادي[ةه]?(?!\w))?)"
        )
        return rf"(?:{year}|{year_rel}|{qual})?"

    branches = {
        "NUM": (
            rf"{free}(?P<NUM_n1>{_DIG}{{1,4}}){_OSP}(?P<NUM_sep>[/.\-]){_OSP}"
            rf"(?P<NUM_n2>{_DIG}{{1,2}}){_OSP}(?P=NUM_sep){_OSP}(?P<NUM_n3>{_DIG}{{1,4}})"
            rf"(?!{_DIG}|[/.\-]{_DIG})(?:{_OSP}م(?!\w))?"
        ),
        "RANGE": (
            rf"(?P<RANGE_r1>{day}){_OSP}(?:و|[اأ]و|[-–]|ـ+|[اإ]لى|حتى|وحتى){_OSP}"
            rf"(?P<RANGE_r2>{_DIG}{{1,2}})(?!{_DIG}){_SP}(?:من{_SP})?{month_expr('RANGE')}"
            + year_tail("RANGE")
        ),
        "ABS": (
            rf"(?:(?P<ABS_d>{day})|{_START}(?P<ABS_o>{ordinal}))"
            rf"{_SP}(?:من{_SP})?{month_expr('ABS')}" + year_tail("ABS")
        ),
        "OFM": (
            rf"(?:(?P<OFM_d>{day})|{_START}(?P<OFM_o>{ordinal})){_SP}(?:من{_SP})?"
            rf"(?:(?:ال)?شهر{_SP}(?:(?P<OFM_self>نفسه|ذاته)|(?P<OFM_q>{qual_words}))|"
            rf"هذا{_SP}(?P<OFM_this>الشهر)){_END}"
        ),
        "AGO": (
            rf"{_START}[وف]?(?P<AGO_w>قبل|منذ){_SP}(?:(?P<AGO_n>{_DIG}{{1,2}}){_SP}(?:[اأ]يام|يوما|يوم)|"
            rf"(?P<AGO_c>{_alternation(lex.day_counts)})){_END}"
        ),
        "DEI": (
            rf"{_START}(?:[وف]?(?P<DEI_p>{part}){_SP}(?:(?:من|يوم){_SP})?)?"
            rf"(?:[وف]{{0,2}}(?P<DEI_x>{_alternation(lex.deictic)})|"
            rf"(?P<DEI_a>{_alternation(lex.deictic_after_part)})){_END}"
        ),
        "WD": (
            rf"{_START}(?:[وف]?(?P<WD_p>{part}){_SP}(?:(?:من|يوم){_SP})?)?(?:[وف]?يوم{_SP})?"
            rf"(?P<WD_cl>[وفبل]{{0,2}})(?P<WD_w>{_alternation(lex.weekdays)}){_END}"
            rf"(?:{_SP}(?P<WD_q>{qual_words}){_END})?"
        ),
        "MON": (
            rf"{_START}{month_expr('MON')}"
            + year_tail("MON")[:-1]   # month alone needs a year or a qualifier
        ),
        "YEAR": rf"{_START}(?:عام|العام|سن[ةه]|السن[ةه]){_SP}(?P<YEAR_y>[12]{_DIG}{{3}})(?!{_DIG})",
    }
    scanner = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in branches.items()))
    # Cheap first pass: the words that can open an expression, and numbers. The scanner is
    # only tried where this matches.
    openers = set(lex.months) | set(lex.weekdays) | set(lex.deictic) | set(lex.deictic_after_part)
    openers |= {w.split()[0] for w in lex.ordinals} | {w.split()[0] for w in d["day_parts"]}
    openers |= {w.split()[0] for w in openers}
    openers |= {"قبل", "منذ", "يوم", "شهر", "عام", "العام", "سنة", "السنة"}
    anchors = _anchor_regex({w.split()[0] for w in openers})
    future = re.compile(
        rf"{_START}(?:{_alternation(lex.future_cues)}|بحلول){_END}|"
        rf"{_START}[وف]?س(?:[يتن][\u0621-\u064a]{{3,}}|[اأ][\u0621-\u064a]{{2,}})"
    )
    return scanner, future, anchors


# Words opening with the future prefix س that are not future verbs.
_NOT_FUTURE = re.compile(
    r"^[وف]?(?:سيطر|سياس|سيار|سياد|سيد|سيول|سينا|سيف|سير|ستة|ستين|ستار|ستر|سنة|سنوات|سنوي|سنو|سني|"
    r"سنت|ستوك|سيناريو|سيبر|سيئ|ستان|سان|سالم|سامي|سابق|ساح|ساع|سار|ساد|سائ|سا|"
    r"ستاف|ستيف|ستال|ستراس|سنغاف|سنود|سيرغ|سيرج|سينات|سيدن|سيس|سيك|سيج|سين)"
)
_JOINER = re.compile(r"[\s،,:()\"«»\-–—]*(?:(?:الموافق|الموافقة|يوم)[\s،,:()\"«»\-–—]*)?")
_SENT_END = re.compile(r"[.!؟?\n]")
_WORD = re.compile(r"[\w\u064b-\u0652]+")
_NOT_TODAY_BEFORE = {fold(w) for w in ("في", "حتى", "إلى", "لغاية", "ذلك", "نفس", "هذا", "مثل",
                                          "خلال", "طوال", "طيلة", "روسيا", "المصري", "أخبار", "منذ",
                                          "من", "لليوم", "عرب", "أما", "مراسل", "صحيفة",
                                          "لصحيفة", "جريدة", "لجريدة", "موقع")}
_NOT_TODAY_AFTER = {fold(w) for w in ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "التالي",
                                      "الأخير", "العالمي", "الوطني", "الدولي", "الذي", "نفسه",
                                      "ذاته", "السابق", "الموعود", "المحدد", "المشهود", "الواحد",
                                      "السابع", "العربي")}
_BOTH_BEFORE = {fold(w) for w in ("بين", "كلا", "كل", "هذين", "هاذين", "الطرفين", "البلدين",
                                  "الجانبين", "الرجلين", "الدولتين", "الزعيمين", "الحزبين",
                                  "الطرفان", "الرجلان")}
_BOTH_AFTER = {fold(w) for w in ("معا", "منهما", "الآخرين", "عشر")}


@dataclass
class _Atom:
    start: int
    end: int
    kind: str            # abs | deictic | weekday | month | year
    value: date | None = None
    grain: str = "day"
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year_known: bool = False
    qual: str | None = None   # past | current | next (for abs without a year)
    offset: int | None = None


def _prev_word(text: str, pos: int) -> str:
    """The folded word ending just before `pos` (punctuation in between allowed)."""
    lo = max(0, pos - 40)
    words = _WORD.findall(text[lo:pos])
    return fold(words[-1]) if words else ""


def _next_word(text: str, pos: int) -> str:
    m = _WORD.search(text, pos, pos + 40)
    if not m or text[pos:m.start()].strip(" \t"):
        return ""
    return fold(m.group())


_OPENERS = "(«\"“'"
_CLOSERS = ")»\"”'"


def _is_event_name(text: str, start: int, end: int) -> bool:
    """A day-month without a year used as a name: after a head noun (ثورة 25 يناير, قصر 22
    مايو) or standing alone between brackets or quotes («17 فبراير»)."""
    lex = _lexicon()
    prev = _prev_word(text, start)
    if prev in lex.event_heads:
        return True
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if prev in lex.weekdays or prev in lex.deictic:   # "الأحد (16 أكتوبر)" glosses a day
        return False
    return before in _OPENERS and after in _CLOSERS


def _qual_kind(word: str | None) -> str | None:
    if not word:
        return None
    lex = _lexicon()
    w = fold(word)
    if w in lex.past:
        return "past"
    if w in lex.current:
        return "current"
    if w in lex.next:
        return "next"
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve_day_month(day: int, month: int, pub: date, qual: str | None,
                       weekday: int | None = None) -> date | None:
    """Pick the year for a day and month that came without one."""
    cands = [c for y in (pub.year - 1, pub.year, pub.year + 1) if (c := _safe_date(y, month, day))]
    if weekday is not None:
        matching = [c for c in cands if c.weekday() == weekday]
        if not matching and qual is None:
            # "يوم الأحد 16 أكتوبر" told years later: the latest earlier year where it fits
            older = [c for y in range(pub.year - 2, pub.year - 12, -1)
                     if (c := _safe_date(y, month, day)) and c.weekday() == weekday]
            matching = older[:1]
        if matching:
            cands = matching
    if not cands:
        return None
    if qual == "current":
        same = [c for c in cands if c.year == pub.year]
        return same[0] if same else None
    if qual == "past":
        same_month = [c for c in cands if (c.year, c.month) == (pub.year, pub.month) and c <= pub]
        if same_month:
            return same_month[0]
        before = [c for c in cands if (c.year, c.month) < (pub.year, pub.month)]
        return max(before) if before else None
    if qual == "next":
        after = [c for c in cands if c > pub]
        return min(after) if after else None

    # nearest, with a date after publication counting three times its distance: a reported
    # day is far more often in the past than in the future
    def cost(c: date) -> int:
        delta = (c - pub).days
        return -delta if delta <= 0 else 3 * delta

    return min(cands, key=cost)


def _weekday_date(weekday: int, pub: date, direction: str) -> date:
    """`direction`: on_or_before | before | after | on_or_after."""
    diff = (pub.weekday() - weekday) % 7
    if direction == "on_or_before":
        return pub - timedelta(days=diff)
    if direction == "before":
        return pub - timedelta(days=diff or 7)
    ahead = (weekday - pub.weekday()) % 7
    if direction == "after":
        return pub + timedelta(days=ahead or 7)
    return pub + timedelta(days=ahead)


def _is_future_context(text: str, pos: int, end: int) -> bool:
    """A future cue (المقرر, سيعقد ...) shortly before `pos` in the same sentence, or a future
    verb right after the expression ending at `end` ("والأربعاء سيلتقي")."""
    lo = max(0, pos - 60)
    window = text[lo:pos]
    cut = None
    for cut in _SENT_END.finditer(window):
        pass
    if cut:
        window = window[cut.end():]
    following = re.match(r"[\s،,]*[\w\u064b-\u0652]+", text[end:end + 30])
    if following:
        window += " " + following.group().strip(" \t\n،,")
    _, future, _ = _patterns()
    for m in future.finditer(window):
        word = m.group()
        if word.startswith(("س", "وس", "فس")) and _NOT_FUTURE.match(fold(word)):
            continue
        return True
    return False


@dataclass
class _Context:
    """What earlier mentions said, for "من الشهر نفسه" and "من العام ذاته"."""

    month: int | None = None
    year: int | None = None


def _atom_from_match(m: re.Match, text: str, pub: date | None, ctx: _Context) -> list[_Atom]:
    lex = _lexicon()
    kind = m.lastgroup
    index = m.re.groupindex

    def g(name: str) -> str | None:
        key = f"{kind}_{name}"
        return m.group(key) if key in index else None

    def span(name: str) -> tuple[int, int]:
        return m.span(f"{kind}_{name}")

    if kind == "NUM":
        n1, n2, n3 = g("n1"), g("n2"), g("n3")
        if len(n1) == 4 and len(n3) <= 2:
            y, mo, d = _to_int(n1), _to_int(n2), _to_int(n3)
        elif len(n3) == 4 and len(n1) <= 2:
            y, mo, d = _to_int(n3), _to_int(n2), _to_int(n1)
        else:
            return []
        value = _safe_date(y, mo, d) if 1900 <= y <= 2100 else None
        return [_Atom(m.start(), m.end(), "abs", value, year_known=True)] if value else []

    if kind in ("RANGE", "ABS"):
        month = lex.months.get(fold(g("mon")))
        if month is None:
            return []
        if kind == "RANGE":
            d1, d2 = _to_int(g("r1")), _to_int(g("r2"))
            if not 1 <= d1 < d2 <= 31:
                return []
            days = [(d1, *span("r1")), (d2, span("r2")[0], m.end())]
        else:
            dnum = _to_int(g("d")) if g("d") else lex.ordinals.get(fold(g("o")))
            if not dnum or not 1 <= dnum <= 31:
                return []
            days = [(dnum, m.start(), m.end())]
        same_year = ctx.year if g("ysame") else None
        year_known = bool(g("y") or g("ythis") or g("yq") or same_year)
        qual = _qual_kind(g("q"))
        if not year_known and not qual and _is_event_name(text, m.start(), m.end()):
            return []
        ctx.month = month
        out = []
        for dnum, s, e in days:
            if g("y"):
                value = _safe_date(_to_int(g("y")), month, dnum)
            elif same_year:
                value = _safe_date(same_year, month, dnum)
            elif pub is None:
                value = None
            elif g("ythis"):
                value = _safe_date(pub.year, month, dnum)
            elif g("yq"):
                shift = {"past": -1, "current": 0, "next": 1}[_qual_kind(g("yq"))]
                value = _safe_date(pub.year + shift, month, dnum)
            else:
                value = _resolve_day_month(dnum, month, pub, qual)
            if value is not None:
                out.append(_Atom(s, e, "abs", value, month=month, day=dnum,
                                 year_known=year_known, qual=qual))
        if out:
            ctx.year = out[-1].value.year
        return out

    if kind == "MON" and g("y"):
        month = lex.months[fold(g("mon"))]
        ctx.month, ctx.year = month, _to_int(g("y"))
        return [_Atom(m.start(), m.end(), "month", date(_to_int(g("y")), month, 1), "month")]
    if kind == "YEAR":
        ctx.year = _to_int(g("y"))
        return [_Atom(m.start(), m.end(), "year", date(_to_int(g("y")), 1, 1), "year")]
    if pub is None:
        return []

    if kind == "MON":
        month = lex.months[fold(g("mon"))]
        if g("ysame"):
            if not ctx.year:
                return []
            y = ctx.year
        elif g("ythis"):
            y = pub.year
        elif g("yq"):
            y = pub.year + {"past": -1, "current": 0, "next": 1}[_qual_kind(g("yq"))]
        else:
            q = _qual_kind(g("q"))
            if q == "current":
                y = pub.year
            elif q == "past":
                y = pub.year if month < pub.month else pub.year - 1
            else:
                y = pub.year if month > pub.month else pub.year + 1
        ctx.month = month
        return [_Atom(m.start(), m.end(), "month", date(y, month, 1), "month")]

    if kind == "OFM":
        dnum = _to_int(g("d")) if g("d") else lex.ordinals.get(fold(g("o")))
        if not dnum or not 1 <= dnum <= 31:
            return []
        if g("self"):
            if not ctx.month:
                return []
            if ctx.year:
                value = _safe_date(ctx.year, ctx.month, dnum)
            else:
                value = _resolve_day_month(dnum, ctx.month, pub, None)
        else:
            q = "current" if g("this") else _qual_kind(g("q"))
            first = date(pub.year, pub.month, 1)
            if q == "past":
                first = (first - timedelta(days=1)).replace(day=1)
            elif q == "next":
                first = (first + timedelta(days=32)).replace(day=1)
            value = _safe_date(first.year, first.month, dnum)
        return [_Atom(m.start(), m.end(), "abs", value, year_known=True)] if value else []

    if kind == "AGO":
        if _next_word(text, m.end()) in ("من", "علي"):   # counted from another event
            return []
        n = _to_int(g("n")) if g("n") else lex.day_counts.get(fold(g("c")))
        if not n or n > 14:
            return []
        return [_Atom(span("w")[0], m.end(), "abs", pub - timedelta(days=n), year_known=True)]

    if kind == "DEI":
        if g("x"):
            word = fold(g("x"))
            offset = lex.deictic.get(word)
            start = span("p")[0] if g("p") else span("x")[0]
        else:
            if not g("p"):
                return []
            word = fold(g("a"))
            offset = lex.deictic_after_part.get(word)
            start = span("p")[0]
        if offset is None:
            return []
        if word == "اليوم" and not g("p") and _next_word(text, m.end()) in _NOT_TODAY_AFTER:
            return []
        return [_Atom(start, m.end(), "deictic", pub + timedelta(days=offset), offset=offset)]

    if kind == "WD":
        wd = lex.weekdays.get(fold(g("w")))
        if wd is None:
            return []
        start = m.start()
        if g("p"):
            start = span("p")[0]
        elif g("cl") and span("cl")[0] == m.start():
            start = span("w")[0]
        before = _prev_word(text, m.start())
        after = _next_word(text, span("w")[1])
        if not g("p") and before in lex.generic_before:
            return []
        if wd == 0 and (before in _BOTH_BEFORE or after in _BOTH_AFTER):
            return []
        if wd == 6 and after == "عشر":
            return []
        q = _qual_kind(g("q"))
        if q == "past":
            value = _weekday_date(wd, pub, "before")
        elif q == "next":
            value = _weekday_date(wd, pub, "after")
        elif q == "current" or _is_future_context(text, m.start(), m.end()):
            value = _weekday_date(wd, pub, "on_or_after")
        else:
            value = _weekday_date(wd, pub, "on_or_before")
        return [_Atom(start, m.end(), "weekday", value, weekday=wd, qual=q)]
    return []


def _mergeable(left: _Atom, right: _Atom) -> bool:
    if left.grain != "day" or right.grain != "day":
        return False
    if left.kind == "deictic":
        return right.kind in ("weekday", "abs", "deictic")
    if left.kind == "weekday":
        return right.kind == "abs"
    return False


def _combine(group: list[_Atom], pub: date | None) -> date | None:
    absolute = [a for a in group if a.kind == "abs"]
    weekdays = [a.weekday for a in group if a.kind == "weekday"]
    deictic = [a for a in group if a.kind == "deictic"]
    wd = weekdays[0] if weekdays else None
    if absolute:
        a = absolute[0]
        if not a.year_known and wd is not None and pub is not None and a.day:
            return _resolve_day_month(a.day, a.month, pub, a.qual, wd) or a.value
        return a.value
    if deictic:
        base = deictic[-1].value
        if wd is not None and base is not None and base.weekday() != wd:
            # trust the named weekday: take its date nearest to the deictic day
            back = base - timedelta(days=(base.weekday() - wd) % 7)
            fwd = base + timedelta(days=(wd - base.weekday()) % 7)
            return back if (base - back) <= (fwd - base) else fwd
        return base
    return group[0].value


_RANGE_LINK = re.compile(r"\s*(?:[وف]?(?:[اإ]لى|حتى|لغاية)|[-–]|ـ+|و|[اأ]و)\s*")


def _is_quoted(text: str, atom: _Atom) -> bool:
    """«اليوم» alone between quotes is the name of a paper, not a day."""
    before = text[atom.start - 1] if atom.start > 0 else ""
    after = text[atom.end] if atom.end < len(text) else ""
    return before in _OPENERS and after in _CLOSERS


def _borrow_range_year(text: str, atoms: list[_Atom]) -> None:
    """"من 7 يوليو إلى 26 أغسطس 2014": the first day takes the year of the second."""
    for left, right in zip(atoms, atoms[1:]):
        if (left.kind == "abs" and not left.year_known and left.day and left.qual is None
                and right.kind == "abs" and right.year_known and right.month and right.value
                and (left.month, left.day) <= (right.month, right.day)
                and _RANGE_LINK.fullmatch(text, left.end, right.start)):
            left.value = _safe_date(right.value.year, left.month, left.day) or left.value
            left.year_known = True


def _candidates(text: str, anchors: re.Pattern):
    yield 0
    for hit in anchors.finditer(text):
        yield hit.start() if text[hit.start()] not in _SEPARATORS else hit.start() + 1


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """All date expressions of `text`, resolved against the publication date `published`."""
    if not text:
        return []
    scanner, _, anchors = _patterns()
    atoms: list[_Atom] = []
    ctx = _Context()
    done = 0
    for pos in _candidates(text, anchors):
        if pos < done:
            continue
        m = scanner.match(text, pos)
        if m is None:
            continue
        done = m.end()
        atoms.extend(_atom_from_match(m, text, published, ctx))

    _borrow_range_year(text, atoms)
    out: list[DateMention] = []
    i = 0
    while i < len(atoms):
        group = [atoms[i]]
        j = i + 1
        while j < len(atoms):
            gap = text[group[-1].end:atoms[j].start]
            if len(gap) > 14 or not _JOINER.fullmatch(gap) or not _mergeable(group[-1], atoms[j]):
                break
            group.append(atoms[j])
            j += 1
        i = j
        if len(group) == 1 and group[0].kind == "deictic" and group[0].offset == 0:
            # a bare اليوم after في/حتى/ذلك ... is "the day" or "nowadays", not a date
            only = group[0]
            if text[only.start:only.end] == text[only.start:only.end].strip() and \
                    fold(text[only.start:only.end]) == fold("اليوم") and \
                    (_prev_word(text, only.start) in _NOT_TODAY_BEFORE or _is_quoted(text, only)):
                continue
        value = _combine(group, published)
        if value is None:
            continue
        start, end = group[0].start, group[-1].end
        out.append(DateMention(start, end, text[start:end], value.isoformat(), group[0].grain))
    return out
