"""The key under which two spellings of one activity meet."""

from __future__ import annotations

from functools import lru_cache

from raporty.polish.fold import fold


@lru_cache(maxsize=65536)
def normalised_name(text: str) -> str:
    """The key two spellings of one activity share: folded case/diacritics, punctuation and spaces."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())
