"""The records the ingest stage produces: an `Article` per readable input, a `Skip` per bad one."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def article_id(text: str) -> str:
    """Content id: the first 16 hex digits of the SHA-1 of the clean text (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One news article with clean text; `id` is derived from `text` when not given."""

    id: str = ""
    source_id: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    text: str = ""
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (published as YYYY-MM-DD)."""
        return {
            "id": self.id,
            "source_id": self.source_id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "url": self.url,
            "text": self.text,
            "path": self.path,
            "extra": self.extra,
        }


@dataclass(frozen=True)
class Skip:
    """An input that could not be read as an article, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
