"""The CRF named-entity tagger: BIO tags for tokens, labelled character spans for text."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..text.normalize import fold
from .features import OFFSETS, FeatureExtractor, Lexicons

MODEL_DIR = Path(__file__).resolve().parent / "model"
DEFAULT_MODEL = MODEL_DIR / "anercorp.crfsuite"

# Words, numbers and single punctuation marks, as ANERcorp tokenises them. Arabic letters include
# diacritics and tatweel so a word stays whole; "U.S." style abbreviations stay one token.
_TOKEN = re.compile(
    r"[A-Za-z](?:\.[A-Za-z])+\.?"          # U.S.A.
    r"|[0-9٠-٩۰-۹]+(?:[.,:/][0-9٠-٩۰-۹]+)*%?"  # numbers, dates, times
    r"|[^\W_]+(?:[\u064b-\u065f\u0670\u0640]+[^\W_]*)*"  # words (with marks)
    r"|[^\w\s]",                            # one punctuation mark
    re.UNICODE,
)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) for the words, numbers and punctuation marks of `text`."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans [start, end) with labels from BIO tags (an I- after a different label starts a
    new entity, as conlleval does)."""
    spans = []
    start = None
    label = None
    for i, tag in enumerate(tags + ["O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if label is not None:
                spans.append((start, i, label))
                label = None
            if tag != "O":
                start, label = i, tag[2:]
    return spans


class Tagger:
    """A trained CRF: crfsuite learns the weights; decoding is an exact Viterbi over the same
    weights with each word's feature scores summed once and cached, which is several times faster
    than handing every feature string to crfsuite for every sentence."""

    CACHE_LIMIT = 200_000
    PROPAGATE_MIN = 4

    def __init__(self, labels: list[str], state: dict[str, np.ndarray], transitions: np.ndarray,
                 extractor: FeatureExtractor, path: Path | None = None) -> None:
        self.labels = labels
        self.path = path
        self._state = state
        self._trans = transitions
        self._fx = extractor
        self._zero = np.zeros(len(labels))
        self._cache: dict[str, np.ndarray] = {}
        # all state weights as rows of one matrix (row 0 stays zero), found by feature name; the
        # neighbour features ("-1w=...") also by offset under their unprefixed name, so a word's
        # contribution to each neighbour is found without building new strings
        self._W = np.zeros((len(state) + 1, len(labels)))
        self._index: dict[str, int] = {}
        self._ctx_index: dict[int, dict[str, int]] = {o: {} for o in OFFSETS}
        for i, (attr, vec) in enumerate(state.items(), 1):
            self._W[i] = vec
            self._index[attr] = i
            m = _CTX_ATTR.match(attr)
            if m and int(m.group(1)) in self._ctx_index:
                self._ctx_index[int(m.group(1))][attr[m.end(1):]] = i
        # _fill sums rows as word, -1, +1, -2, +2, ...; reorder them as word, *OFFSETS
        built = [0] + [o for d in _DISTANCES for o in (-d, d)]
        self._order = [built.index(o) for o in [0, *OFFSETS]]
        # label repeated names alike within a batch (see _propagate)
        self.propagate = True

    @classmethod
    def load(cls, path: str | Path | None = None, lexicons: Lexicons | None = None) -> "Tagger":
        """Open a model file (default: the model shipped with marsad)."""
        import pycrfsuite

        p = Path(path) if path else DEFAULT_MODEL
        if not p.exists():
            raise FileNotFoundError(f"NER model not found: {p} (build it with `marsad train-ner`)")
        crf = pycrfsuite.Tagger()
        crf.open(str(p))
        info = crf.info()
        labels = sorted(info.labels, key=lambda lab: int(info.labels[lab]))
        index = {lab: i for i, lab in enumerate(labels)}
        n = len(labels)
        state: dict[str, np.ndarray] = {}
        for (attr, lab), weight in info.state_features.items():
            vec = state.get(attr)
            if vec is None:
                vec = state[attr] = np.zeros(n)
            vec[index[lab]] += weight
        trans = np.zeros((n, n))
        for (a, b), weight in info.transitions.items():
            trans[index[a], index[b]] = weight
        crf.close()
        return cls(labels, state, trans, FeatureExtractor(lexicons), p)

    # -- scores ---------------------------------------------------------------------------
    def _fill(self, tokens: list[str]) -> None:
        """Cache the label scores of new tokens: row 0 from a token's own word features, row
        1 + k from what it lends the word OFFSETS[k] positions away. All the tokens' weight rows
        are summed in one numpy call."""
        if len(self._cache) + len(tokens) > self.CACHE_LIMIT:
            self._cache.clear()
        fx = self._fx
        word_get = self._index.get
        ctx = [(d, self._ctx_index[-d].get, self._ctx_index[d].get) for d in _DISTANCES]
        idx: list[int] = []
        bounds: list[int] = []
        for token in tokens:
            bounds.append(len(idx))
            idx.append(0)  # a zero row first, so no segment is empty
            idx += [i for i in map(word_get, fx.word_features(token)) if i]
            for d, before_get, after_get in ctx:
                parts = fx.context_parts(d, token)
                bounds.append(len(idx))
                idx.append(0)
                idx += [i for i in map(before_get, parts) if i]
                bounds.append(len(idx))
                idx.append(0)
                idx += [i for i in map(after_get, parts) if i]
        sums = np.add.reduceat(self._W[idx], bounds).reshape(len(tokens), 1 + len(OFFSETS), -1)
        sums = sums[:, self._order]
        for token, rows in zip(tokens, sums):
            self._cache[token] = rows

    def _emissions(self, flat: list[str], starts: list[int]) -> np.ndarray:
        """Per-token label scores for sentences laid end to end (`starts`: first index of each)."""
        n = len(flat)
        cache = self._cache
        missing = [t for t in dict.fromkeys(flat) if t not in cache]
        if missing:
            self._fill(missing)
        rows = np.array([cache[t] for t in flat])
        em = rows[:, 0].copy()
        ends = starts[1:] + [n]
        if n > 1:
            # tokens to the left and right of each one within its sentence, to stop context at
            # sentence edges
            left = np.empty(n, dtype=np.intp)
            right = np.empty(n, dtype=np.intp)
            for s, e in zip(starts, ends):
                left[s:e] = np.arange(e - s)
                right[s:e] = np.arange(e - s - 1, -1, -1)
            for k, off in enumerate(OFFSETS, 1):
                d = abs(off)
                if n <= d:
                    continue
                if off < 0:  # the token d places before lends its "-d" features
                    em[d:] += rows[:-d, k] * (left[d:] >= d)[:, None]
                else:
                    em[:-d] += rows[d:, k] * (right[:-d] >= d)[:, None]
        # features of word pairs and multi-word matches, added in one go
        get = self._index.get
        pos: list[int] = []
        idx: list[int] = []
        for s, e in zip(starts, ends):
            for i, feats in enumerate(self._fx.sentence_extras(flat[s:e]), s):
                for f in feats:
                    j = get(f)
                    if j:
                        pos.append(i)
                        idx.append(j)
        if idx:
            np.add.at(em, pos, self._W[idx])
        return em

    # -- public ---------------------------------------------------------------------------
    def tag(self, tokens: list[str]) -> list[str]:
        """One BIO tag (B-PERS, I-LOC, O ...) per token."""
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        """Tags for many sentences at once (the fast path: one Viterbi pass over all of them).

        The batch is taken as one document: a name tagged in one of its sentences is tagged
        alike where it recurs untagged (see `_propagate`; off with `tagger.propagate = False`),
        so pass the sentences of one article together, as `entities` does."""
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        if not order:
            return out
        flat: list[str] = []
        starts: list[int] = []
        for i in order:
            starts.append(len(flat))
            flat.extend(sentences[i])
        em = self._emissions(flat, starts)
        lengths = [len(sentences[i]) for i in order]
        nb, longest, nl = len(order), lengths[0], len(self.labels)
        padded = np.zeros((nb, longest, nl))
        for b, (s, ln) in enumerate(zip(starts, lengths)):
            padded[b, :ln] = em[s:s + ln]
        # sentences are sorted longest first, so the ones still running at step t are a prefix
        active = np.searchsorted(-np.array(lengths), -np.arange(longest), side="left")
        trans = self._trans[None, :, :]
        back = np.zeros((nb, longest, nl), dtype=np.intp)
        score = padded[:, 0, :].copy()
        for t in range(1, longest):
            k = int(active[t])
            cand = score[:k, :, None] + trans
            back[:k, t] = cand.argmax(1)
            score[:k] = cand.max(1) + padded[:k, t]
        last = score.argmax(1).tolist()
        labels = self.labels
        for b, i in enumerate(order):
            cur = last[b]
            rows = back[b].tolist()
            path = [cur]
            for t in range(lengths[b] - 1, 0, -1):
                cur = rows[t][cur]
                path.append(cur)
            out[i] = [labels[j] for j in reversed(path)]
        if self.propagate and len(sentences) > 1:
            out = self._propagate(sentences, out)
        return out

    def _propagate(self, sentences: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
        """One sense per document: a name the model found in one sentence of the batch is given the
        same label where it recurs untagged, also behind or without a proclitic ("وبيروت" after
        "بيروت"); so is the tail of a person's name ("فان باستن" after "ماركو فان باستن"). Names
        shorter than PROPAGATE_MIN letters are left alone, and MISC is not spread."""
        folded = [self._fx.folded(toks) for toks in sentences]
        votes: dict[tuple[str, ...], dict[str, int]] = {}
        for fs, tg in zip(folded, tags):
            for a, b, label in bio_spans(tg):
                if label == "MISC":
                    continue
                starts = range(a, b) if label == "PERS" else (a,)
                for k in starts:
                    rest = tuple(fs[k + 1:b])
                    for first in _forms(fs[k]):
                        key = (first, *rest)
                        if sum(map(len, key)) >= self.PROPAGATE_MIN:
                            v = votes.setdefault(key, {})
                            v[label] = v.get(label, 0) + 1
        if not votes:
            return tags
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, v in sorted(votes.items(), key=lambda kv: (-len(kv[0]), kv[0])):
            label = max(sorted(v), key=lambda lab: v[lab])
            by_first.setdefault(key[0], []).append((key, label))
        out = []
        for fs, tg in zip(folded, tags):
            n = len(fs)
            copied = False
            for i in range(n):
                if tg[i] != "O":
                    continue
                for first in _forms(fs[i]):
                    cands = by_first.get(first)
                    if cands is None:
                        continue
                    for key, label in cands:
                        k = len(key)
                        if (i + k <= n and tuple(fs[i + 1:i + k]) == key[1:]
                                and all(t == "O" for t in tg[i:i + k])
                                and (i + k == n or not tg[i + k].startswith("I-"))):
                            if not copied:
                                tg = list(tg)
                                copied = True
                            tg[i] = "B-" + label
                            for j in range(i + 1, i + k):
                                tg[j] = "I-" + label
                            break
                    if tg[i] != "O":
                        break
            out.append(tg)
        return out

    def entities(self, text: str, trim_clitics: bool = True) -> list[tuple[int, int, str]]:
        """(start, end, label) character spans of the named entities in `text`.

        The model tags whole words, as ANERcorp does ("وبيروت" is a LOC). With `trim_clitics`, a
        conjunction or preposition (و ف ب ل ك) is cut from the front of an entity when the rest
        of the word is a known name and the whole word is not ("وبيروت" → "بيروت", but "وليد"
        stays whole)."""
        toks = tokenize(text)
        # sentence by sentence, as the model was trained
        chunks = []
        begin = 0
        for i, (_, _, tok) in enumerate(toks):
            if tok in _SENTENCE_END or i == len(toks) - 1:
                chunks.append(toks[begin:i + 1])
                begin = i + 1
        out: list[tuple[int, int, str]] = []
        for chunk, tags in zip(chunks, self.tag_many([[t for _, _, t in c] for c in chunks])):
            for s, e, label in bio_spans(tags):
                start = chunk[s][0]
                if trim_clitics:
                    start += self._clitic_length(chunk[s][2])
                out.append((start, chunk[e - 1][1], label))
        return out

    def _clitic_length(self, token: str) -> int:
        """Characters of `token` that are a proclitic in front of a known name, else 0."""
        fx = self._fx
        folded = fx.info(token)[0]
        known = fx.known_names
        if folded in known or len(folded) < 4:
            return 0
        for clitic in _NAME_CLITICS:
            if folded.startswith(clitic) and folded[len(clitic):] in known:
                # walk the original token: folding keeps one character per letter, drops marks
                count, i = 0, 0
                while i < len(token) and count < len(clitic):
                    if fold(token[i]):
                        count += 1
                    i += 1
                while i < len(token) and not fold(token[i]):
                    i += 1
                return i if i < len(token) else 0
        return 0


_CTX_ATTR = re.compile(r"^(-?[123])(?:w|st|gz|cl|sh|s2|p2|k\d|e\d|fq|kb)=")
_SENTENCE_END = frozenset(".!?؟")
_DISTANCES = sorted({abs(o) for o in OFFSETS})
_NAME_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


@lru_cache(maxsize=1 << 16)
def _forms(folded: str) -> tuple[str, ...]:
    """A folded word and what it is with a proclitic cut off (at least three letters left)."""
    return (folded,) + tuple(
        folded[len(c):] for c in _NAME_CLITICS if folded.startswith(c) and len(folded) - len(c) >= 3
    )
