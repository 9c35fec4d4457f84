"""Extraction components: each reads a Doc and adds spans (dates, actors, places, quotes, events)."""
