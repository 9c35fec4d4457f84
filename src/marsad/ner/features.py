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
MODEL_DIR = Path(__file__).resolve().parent / "model"

# Proclitic chains tried longest first. "ال"/"لل" alone mark a definite noun; the others are
# conjunctions and prepositions that attach to any word, names included (وبيروت، لإسرائيل).
_PROCLITICS = sorted(
    {c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك", "ال", "بال", "كال", "لل")} - {""},
    key=len,
    reverse=True,
)
# the same, looked up by length, longest first (at most one proclitic of each length matches)
_PROCLITIC_SET = frozenset(_PROCLITICS)
_PROCLITIC_LENGTHS = tuple(sorted({len(p) for p in _PROCLITICS}, reverse=True))
_ENCLITICS = ("هما", "هم", "ها", "نا", "ه")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")
_PUNCT = re.compile(r"^[^\w]+$")
BIGRAM_SEP = "|"
# neighbours whose features a token gets, and what a neighbour three words away lends
OFFSETS = (-3, -2, -1, 1, 2, 3)
_FAR3 = ("w=", "gz=")


def _read_classes(path: Path) -> dict[str, tuple[str, ...]]:
    """word → its classes, from a tab-separated file (empty when the file is absent)."""
    out: dict[str, tuple[str, ...]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                word, *classes = line.split("\t")
                out[word] = tuple(classes)
    return out


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
        self.clusters = _read_classes(LEXICON_DIR / "word_clusters.tsv")
        # classes of word embeddings (multilingual-e5-small, k-means at a few sizes): names of one
        # kind (transliterated people, cities, companies) tend to share a class
        self.eclusters = _read_classes(MODEL_DIR / "word_classes_e5.tsv")
        # people and bodies of the actor knowledge base: first and last words of people's names,
        # one-word body names, and multi-word names by their first word (for span matches)
        self.kb_first: frozenset[str] = frozenset()
        self.kb_last: frozenset[str] = frozenset()
        self.kb_org: frozenset[str] = frozenset()
        self.kb_multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        path = MODEL_DIR / "kb_names.tsv"
        if path.exists():
            first, last, org = set(), set(), set()
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line or line.startswith("#"):
                    continue
                label, _, name = line.partition("\t")
                parts = tuple(name.split())
                if len(parts) == 1:
                    if label == "ORG":
                        org.add(parts[0])
                    continue
                self.kb_multi.setdefault(parts[0], []).append((parts, label))
                if label == "PERS":
                    if len(parts[0]) >= 3:
                        first.add(parts[0])
                    if len(parts[-1]) >= 3:
                        last.add(parts[-1])
            common = self.person_titles | self.org_words | self.loc_words
            self.kb_first = frozenset(first - common)
            self.kb_last = frozenset(last - common)
            self.kb_org = frozenset(org - common)
            for k in self.kb_multi:
                self.kb_multi[k].sort(key=lambda e: len(e[0]), reverse=True)
        # how often each folded word occurs in unlabelled news text (not ANERcorp): names are rare
        # there, function words and common nouns frequent, and a word never seen gets bucket 0
        self.freq: dict[str, int] = {}
        path = MODEL_DIR / "word_freq.tsv"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    w, _, n = line.partition("\t")
                    self.freq[w] = int(n)


def _freq_bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n < 3 else "2" if n < 10 else "3" if n < 100 else "4"


@lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    return Lexicons()


def split_proclitic(word: str, known: frozenset[str] | set[str] = frozenset()) -> tuple[str, str]:
    """(proclitic, rest) for a folded word. With `known`, prefer the split whose rest is known."""
    if known:
        if word in known:
            return "", word
        for k in _PROCLITIC_LENGTHS:
            p = word[:k]
            if p in _PROCLITIC_SET and len(word) - k >= 2 and word[k:] in known:
                return p, word[k:]
        # "ال" restored after a preposition: للعراق -> العراق, بالعراق -> العراق
        for p in ("ول", "فل", "ل", "وب", "ب", "وك", "ك"):
            if word.startswith(p + "ل") and ("ا" + word[len(p):]) in known:
                return p, "ا" + word[len(p):]
    for k in _PROCLITIC_LENGTHS:
        p = word[:k]
        if p in _PROCLITIC_SET and len(word) - k >= 3:
            return p, word[k:]
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
        self._kbkey: dict[str, str] = {}
        self._ctx_base: dict[str, tuple[list[str], list[str], list[str]]] = {}
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

    def folded(self, tokens: list[str]) -> list[str]:
        """The folded form of each token (through the `info` cache)."""
        cache = self._info
        got = [cache.get(t) for t in tokens]
        return [g[0] if g is not None else self.info(t)[0] for g, t in zip(got, tokens)]

    def _classes(self, folded: str, stem: str) -> tuple[str, ...]:
        """Word classes of the word, or of its stem when the whole word was not seen."""
        return _class_of(self.lex.clusters, folded, stem)

    def _eclasses(self, folded: str, stem: str) -> tuple[str, ...]:
        """Embedding classes of the word, or of its stem when the word is unknown."""
        return _class_of(self.lex.eclusters, folded, stem)

    def _kb_flags(self, folded: str, stem: str) -> list[str]:
        """"kb=F"/"kb=L": first/last word of a known person's name; "kb=O": a one-word body name."""
        lex = self.lex
        out = []
        for w in (folded, stem) if stem != folded else (folded,):
            if w in lex.kb_first:
                out.append("kb=F")
            if w in lex.kb_last:
                out.append("kb=L")
            if w in lex.kb_org:
                out.append("kb=O")
            if out:
                break
        return out

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
        feats.extend(self._kb_flags(f, stem))
        if self.lex.freq and _ARABIC.search(f):
            feats.append("fq=" + _freq_bucket(self.lex.freq.get(f, 0)))
            if stem != f:
                feats.append("fqs=" + _freq_bucket(self.lex.freq.get(stem, 0)))
        for k, c in enumerate(self._classes(f, stem)):
            feats.append(f"k{k}={c}")
        for k, c in enumerate(self._eclasses(f, stem)):
            feats.append(f"e{k}={c}")
        if token != f:
            feats.append("orig=" + token)
        if f.endswith(("ي", "يه", "يون", "يين")) and n >= 4:
            feats.append("nisba")
        self._word[token] = feats
        return feats

    def context_base(self, token: str) -> tuple[list[str], list[str], list[str]]:
        """Features a token lends its neighbours, without the offset prefix: those used at
        distance 1 and 2, those used at distance 1 only, and those used at distance 3."""
        got = self._ctx_base.get(token)
        if got is not None:
            return got
        f, clitic, stem, gaz = self.info(token)
        far = ["w=" + f, "st=" + stem]
        if gaz:
            far.append("gz=" + gaz)
        ecl = self._eclasses(f, stem)
        if ecl:
            far.append("e0=" + ecl[0])
        near = ["cl=" + clitic, "sh=" + _shape(token)]
        near.extend(self._kb_flags(f, stem))
        for k, c in enumerate(ecl[1:], 1):
            near.append(f"e{k}={c}")
        if self.lex.freq and _ARABIC.search(f):
            near.append("fq=" + _freq_bucket(self.lex.freq.get(f, 0)))
        if len(f) > 2:
            near.append("s2=" + f[-2:])
            near.append("p2=" + f[:2])
        for k, c in enumerate(self._classes(f, stem)):
            near.append(f"k{k}={c}")
        got = (far, near, [x for x in far if x.startswith(_FAR3)])
        self._ctx_base[token] = got
        return got

    def context_parts(self, offset: int, token: str) -> list[str]:
        """The unprefixed features `token` lends the word `offset` positions away: all at distance
        1, the far ones at 2, only the word and its gazetteer class at 3."""
        far, near, far3 = self.context_base(token)
        d = abs(offset)
        return far + near if d == 1 else far if d == 2 else far3

    def context_features(self, offset: int, token: str) -> list[str]:
        """The features of `token` seen from the word `offset` positions away ("-1w=...")."""
        key = (offset, token)
        feats = self._ctx.get(key)
        if feats is not None:
            return feats
        o = str(offset)
        feats = [o + x for x in self.context_parts(offset, token)]
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

    def _kb_key(self, word: str) -> str:
        """The first word of a multi-word knowledge-base name that `word` is, a proclitic
        removed, or ""."""
        got = self._kbkey.get(word)
        if got is None:
            multi = self.lex.kb_multi
            got = word if word in multi else ""
            if not got:
                for p in ("وب", "ول", "و", "ب", "ل", "ف", "ك"):
                    if word.startswith(p) and word[len(p):] in multi:
                        got = word[len(p):]
                        break
            self._kbkey[word] = got
        return got

    @staticmethod
    def _spans(folded: list[str], keys: list[str], multi: dict, labelled: bool) -> list[str]:
        """B/I marks (with the label when `labelled`) for the longest entries of `multi` that
        start at a word whose key is set, left to right, without overlaps."""
        n = len(folded)
        marks = [""] * n
        free = 0
        for i, key in enumerate(keys):
            if not key or i < free or i == n - 1:
                continue
            for entry in multi[key]:
                parts, label = entry if labelled else (entry, "")
                k = len(parts)
                if i + k <= n and folded[i + 1:i + k] == list(parts[1:]):
                    marks[i] = "B" + label
                    for j in range(i + 1, i + k):
                        marks[j] = "I" + label
                    free = i + k
                    break
        return marks

    def gazetteer_spans(self, folded: list[str]) -> list[str]:
        """B/I marks for multi-word place names found in the sentence."""
        mk = self._mkey
        keys = [mk.get(w) for w in folded]
        keys = [k if k is not None else self._multi_key(w) for k, w in zip(keys, folded)]
        return self._spans(folded, keys, self.lex.loc_multi, False)

    def kb_spans(self, folded: list[str]) -> list[str]:
        """B-/I- marks with the label (PERS, ORG) of multi-word knowledge-base names found in the
        sentence; the first word may carry a proclitic ("ولحزب الله")."""
        kk = self._kbkey
        keys = [kk.get(w) for w in folded]
        keys = [k if k is not None else self._kb_key(w) for k, w in zip(keys, folded)]
        return self._spans(folded, keys, self.lex.kb_multi, True)

    def sentence_extras(self, tokens: list[str]) -> list[list[str]]:
        """The features of each token that depend on more than one word: sentence edges,
        word bigrams and multi-word gazetteer matches."""
        n = len(tokens)
        folded = self.folded(tokens)
        spans = self.gazetteer_spans(folded)
        kb = self.kb_spans(folded) if self.lex.kb_multi else spans
        sep = BIGRAM_SEP
        ok = [sep not in f for f in folded]
        pairs = [a + sep + b if oa and ob else "" for a, b, oa, ob in zip(folded, folded[1:], ok, ok[1:])]
        out = []
        for i in range(n):
            feats = []
            if i == 0:
                feats.append("BOS")
            elif pairs[i - 1]:
                feats.append("bg-=" + pairs[i - 1])
            if i + 1 == n:
                feats.append("EOS")
            elif pairs[i]:
                feats.append("bg+=" + pairs[i])
            if spans[i]:
                feats.append("gzm=" + spans[i])
            if kb[i] and kb is not spans:
                feats.append("gzk=" + kb[i])
            out.append(feats)
        return out

    def sentence_features(self, tokens: list[str]) -> list[list[str]]:
        """All features of every token, for training."""
        n = len(tokens)
        extras = self.sentence_extras(tokens)
        out = []
        for i in range(n):
            feats = list(self.word_features(tokens[i]))
            for off in OFFSETS:
                j = i + off
                if 0 <= j < n:
                    feats.extend(self.context_features(off, tokens[j]))
            feats.extend(extras[i])
            out.append(feats)
        return out


def _class_of(table: dict[str, tuple[str, ...]], folded: str, stem: str) -> tuple[str, ...]:
    """The classes `table` gives the word, else its stem's marked "s" + class, else none."""
    got = table.get(folded)
    if got is None and stem != folded:
        got = table.get(stem)
        if got is not None:
            return tuple("s" + c for c in got)
    return got or ()
