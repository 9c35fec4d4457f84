"""Clitic-aware dictionary matching over normalised Arabic text (one Aho-Corasick pass).

Arabic glues conjunctions, prepositions and the article to the next word: "وبفرنسا",
"لحفتر", "للولايات المتحدة", "بالسعودية". Instead of listing every glued form, the matcher
finds a folded pattern anywhere in the folded text, then accepts it only when the letters
between the start of the word and the match form a valid proclitic chain, and the match
ends at a word boundary. Patterns that start with ال also match without it after لل / بال.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from .normalize import _NON_WORD, NormText, fold

T = TypeVar("T")

# Proclitic chains allowed before a bare word (conjunction + preposition).
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
PLAIN_PREFIXES = frozenset(c + p for c in _CONJ for p in _PREP)
# Chains that end with the article: they stand before a word whose ال was stripped.
DEF_PREFIXES = frozenset({c + p + "ال" for c in _CONJ for p in ("", "ب", "ك")} | {c + "لل" for c in _CONJ})
# Before a pattern that already starts with ال, only a conjunction or ب/ك may precede it.
AL_PREFIXES = frozenset(c + p for c in _CONJ for p in ("", "ب", "ك"))


def is_word_char(ch: str) -> bool:
    return ch.isalnum()


class Match(NamedTuple, Generic[T]):
    start: int          # original-text offsets (proclitics excluded, ال kept)
    end: int
    text: str
    payload: T
    norm_start: int
    norm_end: int
    prefix: str         # the proclitic chain seen before the match (folded)


_MAX_PREFIX = 5   # the longest proclitic chain: "وبال"، "فلل" ...


class PhraseMatcher(Generic[T]):
    """Add folded phrases with payloads, then `find` them in a NormText."""

    def __init__(self) -> None:
        self._auto = ahocorasick.Automaton()
        self._entries: dict[str, list[tuple[T, frozenset[str]]]] = {}
        self._built = False

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, phrase: str, payload: T, *, definite_forms: bool = True) -> None:
        """Register `phrase`. With `definite_forms`, a bare word may also take ال / لل."""
        key = fold(phrase)
        if not key or len(key) < 2:
            return
        # only a plain alef starts the article: "ألماني" folds to "الماني" but takes ال itself
        # ("الألماني"), while "الجزائر" already has it
        if key.startswith("ال") and len(key) > 4 and phrase.lstrip()[:2] == "ال":
            self._put(key, payload, AL_PREFIXES)
            self._put(key[2:], payload, DEF_PREFIXES)
        else:
            self._put(key, payload, PLAIN_PREFIXES | DEF_PREFIXES if definite_forms else PLAIN_PREFIXES)

    def add_many(self, phrases: Iterable[str], payload: T, **kw: Any) -> None:
        for p in phrases:
            self.add(p, payload, **kw)

    def _put(self, key: str, payload: T, prefixes: frozenset[str]) -> None:
        self._entries.setdefault(key, []).append((payload, prefixes))
        self._built = False

    def build(self) -> None:
        # keys are searched in NormText.match_text (punctuation as spaces) with a space after
        # them, so the automaton itself rejects every hit that ends inside a word
        merged: dict[str, list] = {}
        for key, items in self._entries.items():
            mkey = _NON_WORD.sub(" ", key).strip()
            if mkey:
                merged.setdefault(mkey, []).extend(items)
        self._auto = ahocorasick.Automaton()
        for mkey, items in merged.items():
            self._auto.add_word(mkey + " ", (len(mkey), items))
        if merged:
            self._auto.make_automaton()
        self._built = True

    def find(self, norm: NormText, *, longest: bool = True, rank=None) -> list[Match[T]]:
        """All matches, or with `longest` the longest non-overlapping ones; `rank(payload)`
        (lower wins) breaks ties between equally long overlapping matches."""
        if not self._built:
            self.build()
        if not self._entries:
            return []
        text = norm.text
        mtext = norm.match_text
        found: list[Match[T]] = []
        for end_idx, (key_len, items) in self._auto.iter(mtext):
            n_end = end_idx          # the space after the key
            n_start = n_end - key_len
            # the word starts at most five letters (a proclitic chain) before the key
            lo = n_start - _MAX_PREFIX - 1
            w = mtext.rfind(" ", max(lo, 0), n_start) + 1
            if w == 0 and lo > 0:
                continue
            prefix = text[w:n_start]
            for payload, prefixes in items:
                if prefix not in prefixes:
                    continue
                # keep a leading ال inside the span; drop conjunctions/prepositions
                span_start = n_start
                if prefix.endswith("ال"):
                    span_start = n_start - 2
                o_start, o_end = norm.to_orig(span_start, n_end)
                found.append(Match(o_start, o_end, norm.original[o_start:o_end], payload, span_start, n_end, prefix))
        seen: set[tuple[int, int, int]] = set()
        unique = []
        for m in found:
            k = (m.norm_start, m.norm_end, id(m.payload))
            if k not in seen:
                seen.add(k)
                unique.append(m)
        found = unique
        if longest:
            found = select_longest(found, rank)
        return found

    def iter_keys(self) -> Iterator[str]:
        return iter(self._entries)


def select_longest(matches: list[Match[T]], rank=None) -> list[Match[T]]:
    """Keep the longest non-overlapping matches (ties: the best ranked, then the earliest), in text order."""
    chosen: list[Match[T]] = []
    spans: set[tuple[int, int]] = set()
    if not matches:
        return chosen
    occupied = bytearray(max(m.norm_end for m in matches) + 1)
    order = (lambda m: (-(m.norm_end - m.norm_start), rank(m.payload), m.norm_start)) if rank else (
        lambda m: (-(m.norm_end - m.norm_start), m.norm_start))
    for m in sorted(matches, key=order):
        if any(occupied[m.norm_start:m.norm_end]):
            # the same span may carry several payloads: keep them all
            if (m.norm_start, m.norm_end) in spans:
                chosen.append(m)
            continue
        chosen.append(m)
        spans.add((m.norm_start, m.norm_end))
        occupied[m.norm_start:m.norm_end] = b"\x01" * (m.norm_end - m.norm_start)
    chosen.sort(key=lambda m: (m.norm_start, m.norm_end))
    return chosen
