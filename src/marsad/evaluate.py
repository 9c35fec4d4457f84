"""`marsad eval`: precision, recall and F1 of the analysis against hand-annotated gold articles.

The gold format and the matching rules are those of DESIGN.md ("Gold data and scoring"):
records are matched one to one, greedily in gold order; a gold record marked `optional` is not
needed for recall and a system record matching it is no false positive; events are compared as
the distinct (actor, type, recipient, negated, attributed) keys of an article, by country codes
and by names; a gold name matches an entity when, folded, it occurs in the entity's text, name,
mentions, or equals its English name.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def norm(text: Any) -> str:
    """Fold a name for comparison: no marks, one alef/ya/ha, no punctuation, lower case."""
    if not text:
        return ""
    text = _MARKS.sub("", str(text)).translate(_LETTERS)
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _codes(value: Any) -> set[str] | None:
    if value is None:
        return None
    return set(value) if isinstance(value, list) else {value}


def _entity_names(ent: dict | None) -> list[str]:
    if not ent:
        return []
    names = [norm(ent.get(k)) for k in ("entity_text", "name", "name_en")]
    names += [norm(m.get("text")) for m in ent.get("mentions") or []]
    return [n for n in names if n]


def name_matches(gold_name: str, ent: dict | None) -> bool:
    g = norm(gold_name)
    return bool(g) and any(g in n for n in _entity_names(ent))


def _side_ok(gold: dict | None, system: list[dict] | None, by_name: bool) -> bool:
    if not gold:
        return True   # a side the text never names matches anything
    wanted = _codes(gold.get("code"))
    for ent in system or []:
        if wanted is not None and ent.get("code") not in wanted:
            continue
        if by_name and gold.get("name") and not name_matches(gold["name"], ent):
            continue
        return True
    return False


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[tuple[str, dict]] = field(default_factory=list)
    extras: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pair(article: str, gold: list[dict], system: list[dict], same: Callable[[dict, dict], bool], score: Score) -> None:
    used: set[int] = set()
    for g in gold:
        hit = next((i for i, s in enumerate(system) if i not in used and same(g, s)), None)
        if hit is None:
            if not g.get("optional"):
                score.fn += 1
                score.misses.append((article, g))
            continue
        used.add(hit)
        if not g.get("optional"):
            score.tp += 1
    extras = [s for i, s in enumerate(system) if i not in used]
    score.fp += len(extras)
    score.extras.extend((article, s) for s in extras)


def _event_key(e: dict, by_name: bool, flags: bool) -> tuple:
    def side(ents):
        if by_name:
            return tuple(sorted((x.get("code") or "", x.get("id") or norm(x.get("name"))) for x in ents or []))
        return tuple(sorted({x.get("code") or "" for x in ents or []}))
    key: tuple = (e.get("event"), side(e.get("actor")), side(e.get("recipient")))
    return key + ((bool(e.get("negated")), bool(e.get("attributed_to"))) if flags else ())


def _gold_event_key(g: dict, by_name: bool, flags: bool) -> str:
    def side(x):
        if not x:
            return None
        c = _codes(x.get("code"))
        return [sorted(c) if c else None, norm(x.get("name"))] if by_name else (sorted(c) if c else None)
    key = [g["event"], side(g.get("actor")), side(g.get("recipient"))]
    if flags:
        key += [bool(g.get("negated")), bool(g.get("attributed"))]
    return json.dumps(key, ensure_ascii=False)


def _events(article: str, gold: dict, out: dict, score: Score, by_name: bool, flags: bool) -> None:
    distinct, seen = [], set()
    for e in out.get("events") or []:
        k = _event_key(e, by_name, flags)
        if k not in seen:
            seen.add(k)
            distinct.append(e)
    merged: dict[str, dict] = {}
    for g in gold.get("events") or []:
        k = _gold_event_key(g, by_name, flags)
        if k not in merged or merged[k].get("optional"):
            merged[k] = g
    golds = sorted(merged.values(), key=lambda g: bool(g.get("optional")))

    def same(g, s):
        if g["event"] != s.get("event"):
            return False
        if flags and (bool(g.get("negated")) != bool(s.get("negated"))
                      or bool(g.get("attributed")) != bool(s.get("attributed_to"))):
            return False
        return _side_ok(g.get("actor"), s.get("actor"), by_name) and _side_ok(g.get("recipient"), s.get("recipient"), by_name)

    _pair(article, golds, distinct, same, score)


def _quotes(article: str, gold: dict, out: dict, score: Score) -> None:
    def same(g, s):
        if g.get("speaker") and not (s.get("speaker") and name_matches(g["speaker"], s["speaker"])):
            return False
        hint, text = norm(g.get("hint")), norm(s.get("text"))
        if not hint or hint in text:
            return True
        words = hint.split()
        return sum(w in text.split() for w in words) / len(words) >= 0.6

    _pair(article, gold.get("quotes") or [], out.get("quotes") or [], same, score)


def _dates(article: str, gold: dict, out: dict, score: Score) -> None:
    system, seen = [], set()
    for d in out.get("dates") or []:
        if d.get("value") and d["value"] not in seen:
            seen.add(d["value"])
            system.append(d)
    golds, seen_g = [], set()
    for d in gold.get("dates") or []:
        if d["value"] not in seen_g:
            seen_g.add(d["value"])
            golds.append({"value": d["value"], "optional": d.get("optional")})
    _pair(article, golds, system, lambda g, s: g["value"] == s.get("value"), score)


def _places(article: str, gold: dict, out: dict, score: Score) -> None:
    def same(g, s):
        wanted = _codes(g.get("country"))
        return (wanted is None or s.get("country") in wanted) and name_matches(g["name"], s)
    _pair(article, gold.get("places") or [], out.get("places") or [], same, score)


def _entities(article: str, gold: dict, out: dict, score: Score) -> None:
    def same(g, s):
        wanted = _codes(g.get("code"))
        return (wanted is None or s.get("code") in wanted) and name_matches(g["name"], s)
    _pair(article, gold.get("entities") or [], out.get("entities") or [], same, score)


KINDS: list[tuple[str, Callable]] = [
    ("events_by_country", lambda a, g, o, s: _events(a, g, o, s, by_name=False, flags=True)),
    ("events_by_name", lambda a, g, o, s: _events(a, g, o, s, by_name=True, flags=True)),
    ("events_ignoring_flags", lambda a, g, o, s: _events(a, g, o, s, by_name=False, flags=False)),
    ("quotes", _quotes),
    ("dates", _dates),
    ("places", _places),
    ("entities", _entities),
]


def evaluate(gold_rows: Iterable[dict], out_rows: Iterable[dict]) -> tuple[dict[str, Score], int]:
    """Scores per record kind, and how many gold articles had no output."""
    by_id: dict[str, dict] = {}
    for o in out_rows:
        by_id.setdefault(str(o.get("source_id") or o.get("id")), o)
    scores = {k: Score() for k, _ in KINDS}
    missing = 0
    for g in gold_rows:
        o = by_id.get(str(g["id"]))
        if o is None:
            missing += 1
            o = {}
        for kind, fn in KINDS:
            fn(str(g["id"]), g, o, scores[kind])
    return scores, missing


def report(scores: dict[str, Score], missing: int, n_articles: int, verbose: bool = False) -> str:
    lines = []
    if verbose:
        for kind, sc in scores.items():
            for article, g in sc.misses:
                lines.append(f"# {article} {kind} missed: {json.dumps(g, ensure_ascii=False)}")
            for article, s in sc.extras:
                brief = {k: s.get(k) for k in ("event", "negated", "text", "value", "name", "code") if s.get(k) is not None}
                for side in ("actor", "recipient", "speaker"):
                    if s.get(side):
                        ents = s[side] if isinstance(s[side], list) else [s[side]]
                        brief[side] = [(x.get("code"), x.get("entity_text") or x.get("name")) for x in ents]
                lines.append(f"# {article} {kind} extra: {json.dumps(brief, ensure_ascii=False)[:300]}")
    lines.append(f"{'kind':24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for kind, sc in scores.items():
        lines.append(f"{kind:24} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f} {sc.tp:5d} {sc.fp:5d} {sc.fn:5d}")
    if missing:
        lines.append(f"articles with no output: {missing} of {n_articles}")
    summary = " ".join(f"{k}={sc.f1:.3f}" for k, sc in scores.items())
    lines.append(f"summary: articles={n_articles} missing={missing} {summary}")
    return "\n".join(lines)
