"""Token features for the Arabic CRF tagger.

Every feature of a token is either a property of the word alone (its folded form, affixes,
character n-grams, clitic split, shape, gazetteer membership) or such a property of a neighbour
within two tokens. Word properties are computed once per distinct word and cached, so tagging a
sentence is mostly list concatenation; that is what keeps the tagger in the thousands of sentences
per second.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..text.normalize import fold

LEXICON_DIR = Path(__file__).resolve().parent.parent / "kb" / "data" / "ner"

# Proclitic chains tried longest first. "ال"/"لل" alone mark a definite noun; the others are
# conjunctions and prepositions that attach to any word, names included (وبيروت، لإسرائيل).
_PROCLITICS = sorted(
    {c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك", "ال", "بال", "كال", "لل")} - {""},
    key=len,
    reverse=True,
)
_ENCLITICS = ("هما", "هم", "ها", "نا", "ه")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")
_PUNCT = re.compile(r"^[^\w]+$")
BIGRAM_SEP = "|"


def _read_list(name: str) -> frozenset[str]:
    path = LEXICON_DIR / name
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(fold(line))
    return frozenset(words)


class Lexicons:
    """Word lists used as features: places, given names, person titles, organisation heads."""

    def __init__(self, directory: Path | None = None) -> None:
        global LEXICON_DIR
        if directory is not None:
            LEXICON_DIR = Path(directory)
        places = _read_list("locations.txt")
        self.loc_single = frozenset(p for p in places if " " not in p)
        # multi-word places by first word, longest first: "الولايات المتحدة", "تل أبيب"
        multi: dict[str, list[tuple[str, ...]]] = {}
        for p in places:
            parts = tuple(p.split())
            if len(parts) > 1:
                multi.setdefault(parts[0], []).append(parts)
        self.loc_multi = {k: sorted(v, key=len, reverse=True) for k, v in multi.items()}
        self.person_names = _read_list("person_names.txt")
        self.person_titles = _read_list("person_titles.txt")
        self.org_words = _read_list("org_words.txt")
        self.loc_words = _read_list("location_words.txt")
        self.clusters: dict[str, tuple[str, ...]] = {}
        path = LEXICON_DIR / "word_clusters.tsv"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    word, *classes = line.split("\t")
                    self.clusters[word] = tuple(classes)


@lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    return Lexicons()


def split_proclitic(word: str, known: frozenset[str] | set[str] = frozenset()) -> tuple[str, str]:
    """(proclitic, rest) for a folded word. With `known`, prefer the split whose rest is known."""
    if known:
        if word in known:
            return "", word
        for p in _PROCLITICS:
            if word.startswith(p) and len(word) - len(p) >= 2 and word[len(p):] in known:
                return p, word[len(p):]
        # "ال" restored after a preposition: للعراق -> العراق, بالعراق -> العراق
        for p in ("ول", "فل", "ل", "وب", "ب", "وك", "ك"):
            if word.startswith(p + "ل") and ("ا" + word[len(p):]) in known:
                return p, "ا" + word[len(p):]
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 3:
            return p, word[len(p):]
    return "", word


def _shape(word: str) -> str:
    if _PUNCT.match(word):
        return "P"
    if _DIGIT.search(word):
        return "D" if word.isdigit() else "DX"
    if _LATIN.search(word):
        return "L"
    if _ARABIC.search(word):
        return "A"
    return "X"


class FeatureExtractor:
    """Turns a token list into CRFsuite attribute lists."""

    def __init__(self, lexicons: Lexicons | None = None) -> None:
        self.lex = lexicons or default_lexicons()
        self._word: dict[str, list[str]] = {}
        self._ctx: dict[tuple[int, str], list[str]] = {}
        self._info: dict[str, tuple[str, str, str, str]] = {}
        self._mkey: dict[str, str] = {}
        self._ctx_base: dict[str, tuple[list[str], list[str]]] = {}
        lex = self.lex
        # names a word can be once a proclitic is cut off (used to trim entity spans)
        self.known_names = lex.loc_single | lex.person_names | frozenset(
            p[0] for p in lex.loc_multi
        )

    # -- per word -------------------------------------------------------------------------
    def info(self, token: str) -> tuple[str, str, str, str]:
        """(folded, proclitic, stem, gazetteer class) of a token, cached."""
        got = self._info.get(token)
        if got is not None:
            return got
        lex = self.lex
        f = fold(token) or token
        clitic, stem = split_proclitic(f)
        gaz = ""
        for p, rest in ((clitic, stem), ("", f)) + tuple(
            (pp, f[len(pp):]) for pp in ("و", "ب", "ل", "ك", "ف", "وب", "ول", "لل", "ال", "وال", "بال")
            if f.startswith(pp)
        ):
            if rest in lex.loc_single:
                gaz = "LOC"
            elif rest in lex.person_titles:
                gaz = "TITLE"
            elif rest in lex.person_names:
                gaz = "PNAME"
            elif rest in lex.org_words:
                gaz = "ORGW"
            elif rest in lex.loc_words:
                gaz = "LOCW"
            if gaz:
                break
        got = (f, clitic, stem, gaz)
        self._info[token] = got
        return got

    def _classes(self, folded: str, stem: str) -> tuple[str, ...]:
        """Word classes of the word, or of its stem when the whole word was not seen."""
        clusters = self.lex.clusters
        got = clusters.get(folded)
        if got is None and stem != folded:
            got = clusters.get(stem)
            if got is not None:
                return tuple("s" + c for c in got)
        return got or ()

    def word_features(self, token: str) -> list[str]:
        feats = self._word.get(token)
        if feats is not None:
            return feats
        f, clitic, stem, gaz = self.info(token)
        n = len(f)
        feats = [
            "b",
            "w=" + f,
            "st=" + stem,
            "cl=" + clitic,
            "sh=" + _shape(token),
            "len=" + str(min(n, 10)),
        ]
        for k in (1, 2, 3, 4):
            if n > k:
                feats.append(f"p{k}={f[:k]}")
                feats.append(f"s{k}={f[-k:]}")
        ns = len(stem)
        for k in (2, 3, 4):
            if ns > k and stem != f:
                feats.append(f"sp{k}={stem[:k]}")
                feats.append(f"ss{k}={stem[-k:]}")
        # inner character trigrams of the stem (transliterated foreign names share them)
        if ns >= 5:
            padded = stem
            for i in range(ns - 2):
                feats.append("c3=" + padded[i:i + 3])
        if gaz:
            feats.append("gz=" + gaz)
        for k, c in enumerate(self._classes(f, stem)):
            feats.append(f"k{k}={c}")
        if token != f:
            feats.append("orig=" + token)
        if f.endswith(("ي", "يه", "يون", "يين")) and n >= 4:
            feats.append("nisba")
        self._word[token] = feats
        return feats

    def context_base(self, token: str) -> tuple[list[str], list[str]]:
        """Features a token lends its neighbours, without the offset prefix: those used at
        distance 1 and 2, and those used at distance 1 only."""
        got = self._ctx_base.get(token)
        if got is not None:
            return got
        f, clitic, stem, gaz = self.info(token)
        far = ["w=" + f, "st=" + stem]
        if gaz:
            far.append("gz=" + gaz)
        near = ["cl=" + clitic, "sh=" + _shape(token)]
        if len(f) > 2:
            near.append("s2=" + f[-2:])
            near.append("p2=" + f[:2])
        for k, c in enumerate(self._classes(f, stem)):
            near.append(f"k{k}={c}")
        got = (far, near)
        self._ctx_base[token] = got
        return got

    def context_features(self, offset: int, token: str) -> list[str]:
        """The features of `token` seen from the word `offset` positions away ("-1w=...")."""
        key = (offset, token)
        feats = self._ctx.get(key)
        if feats is not None:
            return feats
        far, near = self.context_base(token)
        o = str(offset)
        feats = [o + x for x in far]
        if abs(offset) == 1:
            feats.extend(o + x for x in near)
        self._ctx[key] = feats
        return feats

    # -- per sentence ---------------------------------------------------------------------
    def _multi_key(self, word: str) -> str:
        """The first word of a multi-word place name that `word` is, clitics removed, or ""."""
        got = self._mkey.get(word)
        if got is None:
            multi = self.lex.loc_multi
            if word in multi:
                got = word
            else:
                _, rest = split_proclitic(word, multi.keys())  # type: ignore[arg-type]
                got = rest if rest in multi else ""
            self._mkey[word] = got
        return got

    def gazetteer_spans(self, folded: list[str]) -> list[str]:
        """B/I marks for multi-word place names found in the sentence."""
        n = len(folded)
        marks = [""] * n
        multi = self.lex.loc_multi
        i = 0
        while i < n - 1:
            key = self._multi_key(folded[i])
            matched = 0
            if key:
                for parts in multi[key]:
                    k = len(parts)
                    if i + k <= n and all(folded[i + j] == parts[j] for j in range(1, k)):
                        matched = k
                        break
            if matched:
                marks[i] = "B"
                for j in range(1, matched):
                    marks[i + j] = "I"
                i += matched
            else:
                i += 1
        return marks

    def sentence_extras(self, tokens: list[str]) -> list[list[str]]:
        """The features of each token that depend on more than one word: sentence edges,
        word bigrams and multi-word gazetteer matches."""
        n = len(tokens)
        folded = [self.info(t)[0] for t in tokens]
        spans = self.gazetteer_spans(folded)
        out = []
        for i in range(n):
            feats = []
            if i == 0:
                feats.append("BOS")
            elif BIGRAM_SEP not in folded[i - 1] and BIGRAM_SEP not in folded[i]:
                feats.append("bg-=" + folded[i - 1] + BIGRAM_SEP + folded[i])
            if i + 1 == n:
                feats.append("EOS")
            elif BIGRAM_SEP not in folded[i] and BIGRAM_SEP not in folded[i + 1]:
                feats.append("bg+=" + folded[i] + BIGRAM_SEP + folded[i + 1])
            if spans[i]:
                feats.append("gzm=" + spans[i])
            out.append(feats)
        return out

    def sentence_features(self, tokens: list[str]) -> list[list[str]]:
        """All features of every token, for training."""
        n = len(tokens)
        extras = self.sentence_extras(tokens)
        out = []
        for i in range(n):
            feats = list(self.word_features(tokens[i]))
            for off in (-2, -1, 1, 2):
                j = i + off
                if 0 <= j < n:
                    feats.extend(self.context_features(off, tokens[j]))
            feats.extend(extras[i])
            out.append(feats)
        return out
