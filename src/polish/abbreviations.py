"""The one rule for an abbreviation written in capitals ("MOPS", "PCPR", "KKR", "MOPS-u")."""

from __future__ import annotations

import re

_LETTERS = re.compile(r"[^\W\d_]+")


def is_abbreviation(word: str) -> bool:
    """Two or more capitals and no lower-case letter before the last of them, once punctuation and
    digits are set aside: "MOPS", "M.O.P.S.", "PCPR-u", "KKR3+" are; "Wydział", "McDonald" are not."""
    letters = "".join(_LETTERS.findall(word))
    capitals = sum(ch.isupper() for ch in letters)
    if capitals < 2:
        return False
    last_capital = max(i for i, ch in enumerate(letters) if ch.isupper())
    return not any(ch.islower() for ch in letters[:last_capital])
