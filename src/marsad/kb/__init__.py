"""The knowledge base: countries, actors with roles, agent nouns, the event lexicon and cue words.

All of it is data under `kb/data/` (YAML), loaded once per process. A user extends or overrides it
with directories of the same layout (`--kb DIR`): entries with the same id (actors, lexicon) or
ISO3 code (countries) replace the shipped ones, new entries are added.
"""
from __future__ import annotations

from .model import Actor, Agent, Country, KnowledgeBase, LexEntry, Role
from .loader import DATA_DIR, load_kb

__all__ = ["Actor", "Agent", "Country", "KnowledgeBase", "LexEntry", "Role", "DATA_DIR", "load_kb"]
