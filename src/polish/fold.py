"""The one fold of the project: the spelling every keyword rule, index key and name key is compared in."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Polish letters → their Latin base letters, both cases (ł → l too, which NFKD leaves alone).
POLISH_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase and strip diacritics (ł → l too): ``"Pomocy Społecznej"`` → ``"pomocy spolecznej"``."""
    text = text.lower().translate(POLISH_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
