"""Arabic normalisation that keeps a map back to the original character offsets.

The normalised form is used only for matching: letters are folded (أ إ آ ٱ → ا, ى → ي, ة → ه,
ؤ → و, ئ → ي), diacritics and tatweel are dropped, Eastern Arabic and Persian digits become
ASCII digits and Latin letters are lower-cased. Every normalised character remembers the
index of the original character it came from, so a match in the normalised text can be
reported with exact offsets into the text the user sees.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Harakat, Quranic marks, superscript alef, tatweel: dropped.
_DROP = set(chr(c) for c in range(0x0610, 0x061B))
_DROP |= set(chr(c) for c in range(0x064B, 0x0660))
_DROP |= {"\u0670", "\u0640"}
_DROP |= set(chr(c) for c in range(0x06D6, 0x06EE))
_DROP |= {"\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك", "ھ": "ه", "ۀ": "ه", "ٶ": "و", "ٸ": "ي",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "،": ",", "؛": ";", "؟": "?",
    "_": " ",  # hashtags: #جيمس_ماتيس reads as two words
}
for _i, _d in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _FOLD[_d] = str(_i)
for _i, _d in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _FOLD[_d] = str(_i)

_TABLE = {ord(k): v for k, v in _FOLD.items()}
# For offset-keeping normalisation: every whitespace but the newline becomes one space.
_NORM_TABLE = dict(_TABLE)
for _ws in "\t\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000":
    _NORM_TABLE[ord(_ws)] = " "
_DROP_CLASS = "".join(sorted(_DROP))
_DROP_RE = re.compile("[" + _DROP_CLASS + "]")
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]")


def fold(text: str) -> str:
    """Normalise a string for matching, without keeping offsets (for dictionary keys)."""
    if not text:
        return ""
    # words and short spans recur in every article: fold each once
    return _fold_cached(text) if len(text) <= 24 else _fold(text)


def _fold(text: str) -> str:
    text = _DROP_RE.sub("", text).translate(_TABLE).lower()
    return _SPACES.sub(" ", text).strip()


_fold_cached = functools.lru_cache(maxsize=1 << 18)(_fold)

_ARTICLE_CHAINS = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")


def has_article(word: str) -> bool:
    """The folded word opens with the article, alone or after a proclitic ("ال"، "بال"، "لل")."""
    return word.startswith(_ARTICLE_CHAINS)


@functools.lru_cache(maxsize=1 << 18)
def strip_article(word: str) -> str:
    """Remove a leading article chain when at least three letters remain (cached: words recur
    in every article; the least recently used are dropped first)."""
    for p in _ARTICLE_CHAINS:
        if word.startswith(p) and len(word) - len(p) >= 3:
            return word[len(p):]
    return word


@dataclass(frozen=True)
class NormText:
    """A normalised view of `original`: `text[i]` came from `original[index[i]]`."""

    original: str
    text: str
    index: tuple[int, ...]

    @functools.cached_property
    def identity(self) -> bool:
        """Nothing was dropped: normalised offsets are original offsets (most news text)."""
        return len(self.text) == len(self.original)

    @functools.cached_property
    def match_text(self) -> str:
        """`text` with every non-word character as a space and one space after the end, so a
        dictionary key written "word " can only end at a word boundary (same offsets as `text`)."""
        return _NON_WORD.sub(" ", self.text) + " "

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span to the original text's [start, end)."""
        if self.identity:
            return (start, end) if start < end else (start, start)
        if start >= len(self.index):
            return len(self.original), len(self.original)
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1 if end > start else o_start
        # take trailing dropped marks (diacritics) that belong to the last letter
        while o_end < len(self.original) and self.original[o_end] in _DROP:
            o_end += 1
        return o_start, o_end

    def from_orig(self, pos: int) -> int:
        """The first normalised index whose original offset is >= pos."""
        import bisect

        return bisect.bisect_left(self.index, pos)


def normalize(text: str) -> NormText:
    # keep every character but the dropped marks; runs of kept characters map by plain ranges
    index: list[int] = []
    pieces: list[str] = []
    pos = 0
    for m in _DROP_RE.finditer(text):
        if m.start() > pos:
            index.extend(range(pos, m.start()))
            pieces.append(text[pos:m.start()])
        pos = m.end()
    if pos < len(text):
        index.extend(range(pos, len(text)))
        pieces.append(text[pos:])
    kept = "".join(pieces)
    norm = kept.translate(_NORM_TABLE)
    lowered = norm.lower()
    if len(lowered) == len(norm):
        norm = lowered
    else:  # a few letters lower-case to two code points: do those one by one
        norm = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
    return NormText(text, norm, tuple(index))
