"""Does a document's text look OCR-damaged? Decides whether the repair step runs on it.

Polish prose has about 3–4 % of its letters from the diacritic set (ą ć ę ł ń ś ź ż); text read by
an OCR model without Polish data has almost none, because they come out as a, c, e, t, n, s, z.
Born-digital text (DOCX, text exports, PDF text layers) is left as written: repairing it only risks
changing correct words and costs time.
"""

from __future__ import annotations

import re

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


#: Glyphs English-model OCR writes inside Polish words and Polish never has there: ¢ (for ć), é/è
#: between letters (for ó, ę, ć), a digit between lower-case letters (6 or 0 for ó or o: "os6b",
#: "Zesp6ł"; codes put digits after letters or capitals, "W3", "MRPiPS-03"), and "|" read from a
#: table rule.
_OCR_TRACE = re.compile(
    r"¢|(?<=[^\W\d_])[éè](?=[^\W\d_])|(?<=[a-ząćęłńóśźż])\d(?=[a-ząćęłńóśźż])|\S[ \t]\|[ \t]\S"
)
#: How many traces make a text OCR output (one may be a French name).
MIN_OCR_TRACES = 3


def has_ocr_traces(text: str) -> bool:
    """True when text shows OCR glyphs that no Polish writing has, even after repair removed most
    of the damage (an extractor may repair OCR text before the normaliser sees it)."""
    return len(_OCR_TRACE.findall(text)) >= MIN_OCR_TRACES
