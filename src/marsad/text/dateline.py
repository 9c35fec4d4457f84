"""The dateline that opens a wire or channel story: "دبي، الإمارات العربية المتحدة (CNN)--".

Its city and country place the newsroom, not the story: the actor stages leave them out, so they
neither become actors nor tip the story's country.
"""
from __future__ import annotations

import re
from collections.abc import Iterable


def dateline_pattern(agencies: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({a.strip() for a in agencies if a and a.strip()}, key=len, reverse=True)
    if not names:
        return None
    alt = "|".join(re.escape(n) for n in names)
    # up to ~80 characters of place names, the agency in brackets, then a dash or colon
    return re.compile(r"\s*[^\n()«»\"]{2,80}?\(\s*(?:" + alt + r")\s*\)\s*[-–—:]+")


def dateline_end(text: str, pattern: re.Pattern[str] | None) -> int:
    """Offset where the opening dateline ends (0 when the text has none)."""
    if pattern is None:
        return 0
    m = pattern.match(text)
    return m.end() if m else 0
