"""Arabic named-entity tagger (PERS, LOC, ORG, MISC): a CRF trained on ANERcorp.

    from marsad.ner import Tagger
    tagger = Tagger.load()                     # the model shipped with marsad
    tagger.tag(["قال", "الرئيس", "ميشال", "عون"])  # BIO tags, one per token
    tagger.entities(text)                      # [(start, end, "PERS"), ...] character offsets
"""
from .tagger import Tagger, bio_spans, tokenize

__all__ = ["Tagger", "bio_spans", "tokenize"]
