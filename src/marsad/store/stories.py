"""Story clusters: the same wire report carried by several outlets becomes one story.

Articles are compared by MinHash over word 5-gram shingles of their folded text. An LSH index with
a threshold a little below the acceptance threshold proposes candidates; a candidate joins the
story when its estimated Jaccard similarity reaches `ACCEPT`.
"""
from __future__ import annotations

import re

from functools import lru_cache

import numpy as np

from ..text.normalize import fold

NUM_PERM = 256
SHINGLE = 5
LSH_THRESHOLD = 0.4   # candidate recall
ACCEPT = 0.45         # estimated Jaccard needed to share a story

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = _WORD.findall(fold(text))
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


@lru_cache(maxsize=1)
def scheme() -> str:
    """datasketch >= 2 has several permutation schemes; stored signatures name theirs."""
    from datasketch import MinHash   # imported on first use: it pulls in scipy

    try:
        MinHash(num_perm=2, scheme="affine32")
        return "affine32"
    except TypeError:  # older datasketch: one scheme, later called "legacy"
        return "legacy"


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    """The (seeded, fixed) permutations, made once instead of once per article."""
    return _minhash(num_perm, reuse=False).permutations


def _minhash(num_perm: int, hashvalues=None, reuse: bool = True):
    from datasketch import MinHash

    kwargs = {} if hashvalues is None else {"hashvalues": hashvalues}
    if scheme() == "affine32":
        kwargs["scheme"] = "affine32"
    elif hashvalues is not None:
        kwargs["hashvalues"] = hashvalues.astype(np.uint64)
    if reuse:
        kwargs["permutations"] = _permutations(num_perm)
    return MinHash(num_perm=num_perm, **kwargs)


def signature(text: str, num_perm: int = NUM_PERM):
    m = _minhash(num_perm)
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return m


def to_bytes(m) -> bytes:
    # both schemes keep hash values below 2**32, so 4 bytes each suffice
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes, num_perm: int = NUM_PERM):
    return _minhash(num_perm, np.frombuffer(data, dtype=np.uint32).copy())


class StoryIndex:
    """In-memory LSH over stored signatures; `match` finds the story a new article belongs to."""

    def __init__(self, num_perm: int = NUM_PERM):
        from datasketch import MinHashLSH

        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=num_perm)
        self.sigs: dict = {}
        self.story_of: dict[str, str] = {}

    def add(self, article_id: str, sig, story_id: str) -> None:
        if article_id in self.sigs:
            return
        self.lsh.insert(article_id, sig)
        self.sigs[article_id] = sig
        self.story_of[article_id] = story_id

    def match(self, sig) -> tuple[str | None, float]:
        """(story id, similarity) of the closest stored article above ACCEPT, else (None, best)."""
        best_id, best = None, 0.0
        for cand in self.lsh.query(sig):
            sim = sig.jaccard(self.sigs[cand])
            if sim > best:
                best_id, best = cand, sim
        if best_id is not None and best >= ACCEPT:
            return self.story_of[best_id], best
        return None, best
