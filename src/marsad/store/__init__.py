"""Persistence: SQLite by default, PostgreSQL by URL, one schema (see `schema.py`)."""
from __future__ import annotations

from .db import resolve_url
from .store import Store, Summary

__all__ = ["Store", "Summary", "resolve_url"]
