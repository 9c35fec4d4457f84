"""Python API: `marsad.connect(url).ingest(...)`, `.events(...)`, `.ask(...)`.

    import marsad
    db = marsad.connect()                     # marsad.db here, or $MARSAD_DB
    db = marsad.connect("postgresql://user:pw@host/marsad")
    db.ingest(["article.txt", "corpus.jsonl"])
    db.events(actor="USA", recipient="حفتر", type="SUPPORT", since="2019-04-01")
    db.ask("هل تلقى حفتر دعماً أميركياً؟")
"""
from __future__ import annotations

from .store import Store, Summary


def connect(url: str | None = None, pipeline=None) -> Store:
    """Open (and create or migrate) the database at `url`; default `marsad.db` or $MARSAD_DB."""
    return Store(url, pipeline=pipeline)


__all__ = ["connect", "Store", "Summary"]
