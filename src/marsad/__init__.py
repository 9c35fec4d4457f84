"""marsad (مرصد): Arabic news → actors, events, quotes, dates and places, each with its evidence.

    import marsad
    record = marsad.analyze_text("أشاد الرئيس الأميركي بدور حفتر", published=date(2019, 4, 19))
    db = marsad.connect()                 # marsad.db here, or $MARSAD_DB, or a postgresql:// URL
    db.ingest(["corpus.jsonl"]); db.ask("هل تلقى حفتر دعماً أميركياً؟")
"""
from __future__ import annotations

from datetime import date
from typing import Any

__version__ = "0.1.0"


def analyze_text(text: str, published: date | None = None, title: str | None = None) -> dict[str, Any]:
    """The output contract for one article given as text (the knowledge base loads once)."""
    from .pipeline import Pipeline

    return Pipeline.load().analyze_text(text, published=published, title=title)


def connect(url: str | None = None, pipeline=None):
    """A store over SQLite (default `marsad.db` or $MARSAD_DB) or PostgreSQL (`postgresql://...`)."""
    from .api import connect as _connect

    return _connect(url, pipeline=pipeline)


__all__ = ["analyze_text", "connect", "__version__"]
