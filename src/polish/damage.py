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


#: Runs of what is never a letter (non-word characters, digits, underscores). What they leave
#: may still hold a numeric sign ``\w`` takes (², ½), so it is counted by str.isalpha() then.
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _letters(text: str) -> int:
    """How many letters ``text`` has, counted in C rather than by a Python loop over the text."""
    rest = _NOT_LETTERS.sub("", text)
    return len(rest) if rest.isalpha() or not rest else sum(ch.isalpha() for ch in rest)


def _polish_share(text: str, letters: int) -> float:
    return sum(text.count(letter) for letter in _POLISH) / letters if letters else 0.0


def polish_letter_ratio(text: str) -> float:
    return _polish_share(text, _letters(text))


def looks_ocr_damaged(text: str) -> bool:
    """True when text is long enough to judge and has too few Polish diacritics to be clean Polish."""
    letters = _letters(text)
    if letters < MIN_LETTERS:
        return "¢" in text or "é" in text
    return _polish_share(text, letters) < MAX_DAMAGED_RATIO


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
