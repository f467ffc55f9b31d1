"""Does a document's text look OCR-damaged? Decides whether the repair step runs on it.

Polish prose has about 3–4 % of its letters from the diacritic set (ą ć ę ł ń ś ź ż); text read by
an OCR model without Polish data has almost none, because they come out as a, c, e, t, n, s, z.
Born-digital text (DOCX, text exports, PDF text layers) is left as written: repairing it only risks
changing correct words and costs time.
"""

from __future__ import annotations

_POLISH = set("ąćęłńśźżĄĆĘŁŃŚŹŻ")
MIN_LETTERS = 200
MAX_DAMAGED_RATIO = 0.006  # share of Polish diacritic letters below which text counts as damaged


def polish_letter_ratio(text: str) -> float:
    letters = sum(ch.isalpha() for ch in text)
    return sum(ch in _POLISH for ch in text) / letters if letters else 0.0


def looks_ocr_damaged(text: str) -> bool:
    """True when text is long enough to judge and has too few Polish diacritics to be clean Polish."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS:
        return any(ch in "¢é" for ch in text)
    return polish_letter_ratio(text) < MAX_DAMAGED_RATIO
