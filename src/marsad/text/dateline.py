"""The dateline that opens an article: "دبي، الإمارات العربية المتحدة (CNN)--"، "أبوظبي - سكاي
نيوز عربية"، "الخرطوم 25 شوال 1436 هـ ... واس".

Its city and country place the newsroom, not the story: the place finder and the actor matcher
both start reading after it.
"""
from __future__ import annotations

import re

from .normalize import fold

_DATELINE_MAX = 90
_WORD = re.compile(r"[^\W\d_]+")


def dateline_end(text: str) -> int:
    """End of the dateline that opens an article, else 0.

    Three shapes: "دبي، الإمارات (CNN)--" / "بيروت (رويترز) -" (a short parenthesis, usually the
    agency); "أبوظبي - سكاي نيوز عربية" (a place of at most four words, then a dash);
    "الخرطوم 25 شوال 1436 هـ ... واس" (a first line with a date).
    """
    head = text[:_DATELINE_MAX]
    line_end = head.find("\n")
    first = head if line_end < 0 else head[:line_end]
    # (the dash or colon after the bracket tells a dateline from an aside: "محمد بن سلمان (32 عاما)")
    paren = re.search(r"\(([^()]{1,25})\)\s*[-–—:]+", first)
    dash = re.search(r"\s[-–—]{1,2}\s?|[-–—]{2}", first)
    cut = None
    if paren and len(paren.group(1).split()) <= 3 and (not dash or paren.start() < dash.start()):
        cut = (paren.start(), paren.end())
    elif dash:
        if len(_WORD.findall(first[:dash.start()])) <= 4:
            cut = (dash.start(), dash.end())
    elif line_end >= 0 and re.search(r"\d", first):
        cut = (line_end, line_end + 1)
    if cut is None:
        return 0
    before = first[:cut[0]]
    words = _WORD.findall(before)
    if len(words) > 8 or any(ch in before for ch in ".!?؟\"«"):
        return 0
    if words and fold(words[0]) in _SENTENCE_OPENERS:
        return 0
    return cut[1]


_SENTENCE_OPENERS = frozenset(fold(w) for w in (
    "قال", "قالت", "أكد", "أكدت", "أعلن", "أعلنت", "أفاد", "أفادت", "ذكر", "ذكرت", "كشف", "كشفت", "في", "من",
    "بعد", "قبل", "لا", "لم", "هل", "إن", "أن", "رغم", "على", "مع", "يبدو", "وقال", "وأكد", "شن", "شنت", "قتل",
    "أصيب", "تمكنت", "تواصل", "يواصل", "اعتبر", "رمت", "فيما", "قرر", "اعلنت", "أوضح", "نفى", "نفت",
))
