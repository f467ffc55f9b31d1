"""The text of a table cell from its printed lines.

A line wrapped by the cell width is joined with a space ("Prowadzenie poradnictwa" +
"rodzinnego i terapii"); a word wrapped after a hyphen or a number wrapped between its thousands
groups is joined without a break ("on-" + "line", "32" + "219 uczestników"). A word too long for a
narrow column that the layout broke without a hyphen ("uczes" + "tników") is joined back when
the joined word is a common Polish word and a piece is not. A new paragraph — after a sentence
end or before a list item — stays on a line of its own ("\n").
"""

from __future__ import annotations

import re
from functools import lru_cache

_LINE_END_HYPHEN = re.compile(r"(?<=\w)-$")
_SENTENCE_END = re.compile(r"[.!?]$")
_SENTENCE_START = re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ„\"(]")
_LIST_ITEM = re.compile(r"^(?:[-–—•▪·*]\s|\d{1,2}[.)]\s|[a-z][)]\s)")
_THOUSANDS_WRAP = re.compile(r"\d$")
_THOUSANDS_NEXT = re.compile(r"^\d{3}(?!\d)")
_WORD_END = re.compile(r"(?:^|\s)([^\W\d_]{2,})$")
_WORD_START = re.compile(r"^([^\W\d_]+)")
#: zipf frequencies (wordfreq, Polish): the joined word at least this common, a piece below the other
JOINED_ZIPF = 2.5
PIECE_ZIPF = 1.5


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "pl")


def broken_word(text: str, line: str) -> bool:
    """``text`` ends and ``line`` starts with two pieces of one word broken without a hyphen."""
    end, start = _WORD_END.search(text), _WORD_START.match(line)
    if end is None or start is None or not start.group(1)[0].islower():
        return False
    head, tail = end.group(1), start.group(1)
    joined = (head + tail).lower()
    return _zipf(joined) >= JOINED_ZIPF and min(_zipf(head.lower()), _zipf(tail)) < PIECE_ZIPF


def cell_text(lines: list[str]) -> str:
    """The text of a table cell from its printed lines, as the author wrote it (module docstring)."""
    text = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not text:
            text = line
        elif _LINE_END_HYPHEN.search(text) and line[:1].isalnum():
            text += line
        elif _THOUSANDS_WRAP.search(text) and _THOUSANDS_NEXT.match(line):
            text += " " + line
        elif (_SENTENCE_END.search(text) and _SENTENCE_START.match(line)) or _LIST_ITEM.match(line):
            text += "\n" + line
        elif broken_word(text, line):
            text += line
        else:
            text += " " + line
    return text
