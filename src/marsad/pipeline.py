"""The analysis pipeline: one Doc through text → dates → actors → places → quotes → events.

Like a spaCy pipeline, each component is a callable that takes a Doc, adds its annotations
and returns it. The knowledge base and the dictionaries built from it are loaded once per
process (`Pipeline.load()` is cached), never once per article.
"""
from __future__ import annotations

import functools
import os
from datetime import date
from typing import Any, Callable

from .doc import Doc
from .extract.actors import ActorMatcher, ActorResolver
from .extract.dates import find_dates
from .extract.events import EventFinder
from .extract.places import PlaceFinder
from .extract.quotes import QuoteFinder
from .ingest.article import Article
from .kb import KnowledgeBase, load_kb
from .output import doc_to_dict
from .text.sentences import split_sentences
from .text.tokens import tokenize

Component = Callable[[Doc], Doc]


def segment(doc: Doc) -> Doc:
    doc.sentences = split_sentences(doc.text)
    doc.tokens = tokenize(doc.norm)
    doc.invalidate()
    return doc


def add_dates(doc: Doc) -> Doc:
    doc.dates = [d for d in find_dates(doc.text, doc.published) if d.grain == "day"]
    return doc


class PlaceStep:
    name = "places"

    def __init__(self, finder: PlaceFinder, kb: KnowledgeBase):
        self.finder = finder
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        exclude = [(m.start, m.end) for m in doc.meta.get("kb_matches", []) if m.payload[0] in ("actor", "country")]
        doc.places = self.finder.find(doc, doc.meta.get("country_hint", []), exclude_spans=exclude)
        return doc


class Pipeline:
    def __init__(self, kb: KnowledgeBase, components: list[Component]):
        self.kb = kb
        self.components = components

    @classmethod
    def load(cls, kb_dirs: tuple[str, ...] | list[str] = (), ner: bool | None = None) -> "Pipeline":
        if ner is None:
            ner = os.environ.get("MARSAD_NER") == "1"
        return _cached_pipeline(tuple(str(d) for d in kb_dirs), ner)

    def process(self, doc: Doc) -> Doc:
        for component in self.components:
            doc = component(doc)
        return doc

    def make_doc(self, article: Article) -> Doc:
        return Doc(text=article.text, title=article.title, published=article.published, source=article.source,
                   url=article.url, source_id=article.source_id, id=article.id)

    def analyze(self, article: Article) -> dict[str, Any]:
        return doc_to_dict(self.process(self.make_doc(article)))

    def analyze_doc(self, article: Article) -> Doc:
        return self.process(self.make_doc(article))

    def analyze_text(self, text: str, published: date | None = None, title: str | None = None) -> dict[str, Any]:
        article = Article(title=title, published=published, text=text)
        return self.analyze(article)


def _load_tagger():
    """The trained name tagger (needs the `ner` extra, python-crfsuite). It backs up the name rules
    after a title and adds the organisations and persons no rule named; on the dev gold articles
    it raises events-by-name F1 from 0.681 to 0.688 (a district it tags as a place is no longer a
    side named like a person) and leaves the entities as the rules find them; it costs about 3 ms
    per article, so it is opt-in (`Pipeline.load(ner=True)`, or MARSAD_NER=1)."""
    try:
        from .ner import Tagger
    except ImportError:
        return None
    return Tagger.load()


@functools.lru_cache(maxsize=4)
def _cached_pipeline(kb_dirs: tuple[str, ...], ner: bool = False) -> Pipeline:
    kb = load_kb(kb_dirs)
    components: list[Component] = [
        segment,
        add_dates,
        ActorMatcher(kb),
        PlaceStep(PlaceFinder.load(), kb),
        ActorResolver(kb, tagger=_load_tagger() if ner else None),
        QuoteFinder(kb),
        EventFinder(kb),
    ]
    return Pipeline(kb, components)
