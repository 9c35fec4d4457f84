"""The CRF named-entity tagger: BIO tags for tokens, labelled character spans for text."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..text.normalize import fold
from .features import FeatureExtractor, Lexicons

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

    def __init__(self, labels: list[str], state: dict[str, np.ndarray], transitions: np.ndarray,
                 extractor: FeatureExtractor, path: Path | None = None) -> None:
        self.labels = labels
        self.path = path
        self._state = state
        self._trans = transitions
        self._fx = extractor
        self._zero = np.zeros(len(labels))
        self._word_cache: dict[str, np.ndarray] = {}
        self._ctx_cache: dict[tuple[int, str], np.ndarray] = {}
        self._ctx_state: dict[int, dict[str, np.ndarray]] = {}

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
        # neighbour features ("-1w=...") also filed by offset under their unprefixed name, so a
        # word's contribution to each neighbour is found without building new strings
        ctx_state: dict[int, dict[str, np.ndarray]] = {o: {} for o in (-2, -1, 1, 2)}
        for attr, vec in state.items():
            m = _CTX_ATTR.match(attr)
            if m:
                ctx_state[int(m.group(1))][attr[m.end(1):]] = vec
        trans = np.zeros((n, n))
        for (a, b), weight in info.transitions.items():
            trans[index[a], index[b]] = weight
        crf.close()
        tagger = cls(labels, state, trans, FeatureExtractor(lexicons), p)
        tagger._ctx_state = ctx_state
        return tagger

    # -- scores ---------------------------------------------------------------------------
    def _sum(self, feats: list[str]) -> np.ndarray:
        state = self._state
        vec = self._zero.copy()
        for f in feats:
            w = state.get(f)
            if w is not None:
                vec += w
        return vec

    def _word_score(self, token: str) -> np.ndarray:
        vec = self._word_cache.get(token)
        if vec is None:
            if len(self._word_cache) > self.CACHE_LIMIT:
                self._word_cache.clear()
            vec = self._word_cache[token] = self._sum(self._fx.word_features(token))
        return vec

    def _ctx_score(self, offset: int, token: str) -> np.ndarray:
        key = (offset, token)
        vec = self._ctx_cache.get(key)
        if vec is None:
            if len(self._ctx_cache) > self.CACHE_LIMIT:
                self._ctx_cache.clear()
            ctx_state = self._ctx_state.get(offset) if self._ctx_state else None
            if ctx_state is None:
                vec = self._sum(self._fx.context_features(offset, token))
            else:
                far, near = self._fx.context_base(token)
                vec = self._zero.copy()
                for f in far:
                    w = ctx_state.get(f)
                    if w is not None:
                        vec += w
                if offset in (-1, 1):
                    for f in near:
                        w = ctx_state.get(f)
                        if w is not None:
                            vec += w
            self._ctx_cache[key] = vec
        return vec

    def _emissions(self, flat: list[str], starts: list[int]) -> np.ndarray:
        """Per-token label scores for sentences laid end to end (`starts`: first index of each)."""
        n = len(flat)
        em = np.array([self._word_score(t) for t in flat])
        if n > 1:
            # position of each token inside its sentence, to stop context at sentence edges
            pos = np.empty(n, dtype=np.intp)
            ends = starts[1:] + [n]
            for s, e in zip(starts, ends):
                pos[s:e] = np.arange(e - s)
            left = pos  # tokens to the left within the sentence
            right = np.empty(n, dtype=np.intp)
            for s, e in zip(starts, ends):
                right[s:e] = np.arange(e - s - 1, -1, -1)
            for off in (1, 2):
                if n > off:
                    prev = np.array([self._ctx_score(-off, t) for t in flat[:-off]])
                    em[off:] += prev * (left[off:] >= off)[:, None]
                    nxt = np.array([self._ctx_score(off, t) for t in flat[off:]])
                    em[:-off] += nxt * (right[:-off] >= off)[:, None]
        state = self._state
        ends = starts[1:] + [n]
        for s, e in zip(starts, ends):
            for i, feats in enumerate(self._fx.sentence_extras(flat[s:e]), s):
                for f in feats:
                    w = state.get(f)
                    if w is not None:
                        em[i] += w
        return em

    # -- public ---------------------------------------------------------------------------
    def tag(self, tokens: list[str]) -> list[str]:
        """One BIO tag (B-PERS, I-LOC, O ...) per token."""
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        """Tags for many sentences at once (the fast path: one Viterbi pass over all of them)."""
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
            best = cand.argmax(1)
            back[:k, t] = best
            score[:k] = np.take_along_axis(cand, best[:, None, :], 1)[:, 0, :] + padded[:k, t]
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


_CTX_ATTR = re.compile(r"^(-?[12])(?:w|st|gz|cl|sh|s2|p2|k\d)=")
_SENTENCE_END = frozenset(".!?؟")
_NAME_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
