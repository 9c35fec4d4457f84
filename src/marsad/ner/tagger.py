"""The CRF named-entity tagger: BIO tags for tokens, labelled character spans for text."""
from __future__ import annotations

import re
from pathlib import Path

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
    """A loaded CRF model with its feature extractor."""

    def __init__(self, crf_tagger, extractor: FeatureExtractor, path: Path) -> None:
        self._crf = crf_tagger
        self._fx = extractor
        self.path = path
        self.labels = [lab for lab in crf_tagger.labels()]

    @classmethod
    def load(cls, path: str | Path | None = None, lexicons: Lexicons | None = None) -> "Tagger":
        """Open a model file (default: the model shipped with marsad)."""
        import pycrfsuite

        p = Path(path) if path else DEFAULT_MODEL
        if not p.exists():
            raise FileNotFoundError(f"NER model not found: {p} (build it with `marsad train-ner`)")
        crf = pycrfsuite.Tagger()
        crf.open(str(p))
        return cls(crf, FeatureExtractor(lexicons), p)

    def tag(self, tokens: list[str]) -> list[str]:
        """One BIO tag (B-PERS, I-LOC, O ...) per token."""
        if not tokens:
            return []
        return self._crf.tag(self._fx.sentence_features(tokens))

    def entities(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) character spans of the named entities in `text`."""
        out: list[tuple[int, int, str]] = []
        toks = tokenize(text)
        # sentence by sentence: the model was trained on sentences, and shorter inputs are faster
        begin = 0
        for i, (_, _, tok) in enumerate(toks):
            if tok in ".!?؟\n" or i == len(toks) - 1:
                chunk = toks[begin:i + 1]
                tags = self.tag([t for _, _, t in chunk])
                for s, e, label in bio_spans(tags):
                    out.append((chunk[s][0], chunk[e - 1][1], label))
                begin = i + 1
        return out
