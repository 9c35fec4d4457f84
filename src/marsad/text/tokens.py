"""Word tokens with proclitics and enclitic pronouns split off (offsets kept).

The stem of a token is found by trying proclitic chains (و ف ب ل ك ال لل وال بال ...) and
enclitic pronouns (ه ها هم هما هن ك كم نا ي) and keeping the split that a lexicon knows, when
one is given; otherwise only the unambiguous article chains are removed.
"""
from __future__ import annotations

import re
from collections.abc import Container

from ..doc import Token
from .normalize import _DROP, NormText, fold, strip_article

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


PROCLITICS = sorted(
    {c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك", "ال", "بال", "كال", "لل", "س")} - {""},
    key=len,
    reverse=True,
)
ENCLITICS = ("هما", "كما", "هم", "هن", "كم", "نا", "ها", "ه", "ك", "ي")


def tokenize(norm: NormText) -> list[Token]:
    """Word tokens of `norm.original` (a token is what a word of `norm.text` came from)."""
    # the words of norm.text are the folded words already: map their spans back instead of
    # folding every word of the original again
    original, folded = norm.original, norm.text
    index, size = norm.index, len(original)
    out = []
    make = tuple.__new__   # Token(...) without the Python-level __new__: hundreds per article
    for m in _WORD.finditer(folded):
        s, e = m.span()
        o_start, o_end = index[s], index[e - 1] + 1
        # dropped marks (harakat, tatweel) around the word belong to it
        while o_start > 0 and original[o_start - 1] in _DROP:
            o_start -= 1
        while o_end < size and original[o_end] in _DROP:
            o_end += 1
        n = m.group()
        out.append(make(Token, (o_start, o_end, original[o_start:o_end], n, strip_article(n))))
    return out


def analyses(word: str, *, min_stem: int = 2) -> list[tuple[str, str, str]]:
    """All (prefix, stem, suffix) splits of a folded word, the unsplit one first."""
    out = [("", word, "")]
    prefixes = [""] + [p for p in PROCLITICS if word.startswith(p)]
    for p in prefixes:
        rest = word[len(p):]
        # a definite noun takes no possessive pronoun: "الاجتماعي" is "social", not "my meeting"
        definite = p.endswith(("ال", "لل")) or rest.startswith("ال")
        suffixes = [""] + ([] if definite else [s for s in ENCLITICS if rest.endswith(s)])
        for s in suffixes:
            stem = rest[: len(rest) - len(s)] if s else rest
            if len(stem) >= min_stem and (p or s):
                out.append((p, stem, s))
                # a stem ending in ت before a pronoun was a ة: حكومتها → حكومه
                if s and stem.endswith("ت"):
                    out.append((p, stem[:-1] + "ه", s))
    return out


def lookup(word: str, lexicon: Container[str]) -> tuple[str, str, str] | None:
    """The first split of `word` whose stem is in `lexicon` (the longest stem wins)."""
    if word in lexicon:
        return ("", word, "")
    best = None
    for p, stem, s in analyses(word):
        if stem in lexicon and (best is None or len(stem) > len(best[1])):
            best = (p, stem, s)
    return best


def glued_prefix(text: str, start: int) -> str:
    """The folded letters glued to the word before `start` (the proclitics a match left out):
    "لحفتر" → "ل", "وبالسعودية" → "وب" (the span keeps its ال)."""
    i = start
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return fold(text[i:start])
