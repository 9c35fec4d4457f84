"""Reading a store: event filters and exports (`events`, `export`), questions (`ask`)."""
from __future__ import annotations

from .ask import Asker, detect_lang
from .events import event_counts, query_events

__all__ = ["Asker", "detect_lang", "event_counts", "query_events"]
