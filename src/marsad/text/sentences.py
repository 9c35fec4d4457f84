"""Sentence splitting for Arabic news that respects quotations and abbreviations.

A sentence ends at a paragraph break, or at . ! ? ؟ followed by a space, unless the stop sits
inside an open quotation (" « “ ...) that closes later in the same paragraph, or follows an
abbreviation (a single letter such as "د." or "م.", or a number as in "3.5").
"""
from __future__ import annotations

import re

from ..doc import Sentence

_OPEN = {'"': '"', "«": "»", "“": "”", "„": "”", "'": "'"}
_CLOSE = {v for v in _OPEN.values()}
_STOPS = ".!?؟"
_SPECIAL = re.compile("[" + re.escape("".join(_OPEN) + "".join(_CLOSE) + _STOPS) + "]")
_ABBREV = re.compile(r"(?:^|\s)(?:\w|د|م|أ|ج|ص|ق|ت|إلخ)\.$")


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for para in re.finditer(r"[^\n]+", text):
        _split_paragraph(text, para.start(), para.end(), out)
        pos = para.end()
    del pos
    return out


def _split_paragraph(text: str, start: int, end: int, out: list[Sentence]) -> None:
    s = start
    quote_close: str | None = None
    quote_open_at = -1
    pos = start
    while True:
        # jump from one quotation mark or stop to the next: nothing else changes the state
        m = _SPECIAL.search(text, pos, end)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        pos = i + 1
        if quote_close is None and ch in _OPEN and ch != "'":
            close = _OPEN[ch]
            # a straight quote closes with the next straight quote in the paragraph
            j = text.find(close, i + 1, end)
            if j != -1:
                quote_close, quote_open_at = close, i
        elif quote_close is not None and ch == quote_close and i != quote_open_at:
            quote_close = None
        elif ch in _STOPS and quote_close is None:
            nxt = text[i + 1] if i + 1 < end else " "
            if nxt.isspace() or nxt in _CLOSE or i + 1 >= end:
                if ch == "." and _ABBREV.search(text[max(start, i - 6): i + 1]):
                    continue
                # swallow closing quotes/brackets right after the stop
                j = i + 1
                while j < end and text[j] in "\"»”)]":
                    j += 1
                _emit(text, s, j, out)
                s = j
                pos = j
    _emit(text, s, end, out)


def _emit(text: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e))
