"""The text of a table cell from its printed lines.

A line wrapped by the cell width is joined with a space ("Prowadzenie poradnictwa" +
"rodzinnego i terapii"); a word wrapped after a hyphen or a number wrapped between its thousands
groups is joined without a break ("on-" + "line", "32" + "219 uczestników"). A word too long for a
narrow column that the layout broke without a hyphen ("uczes" + "tników") is joined back when
the joined word is a common Polish word and a piece is not, or when the second piece is only an
ending that makes another form of the first ("pracownik" + "ów"). A new paragraph — after a sentence
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
#: letters of an inflectional ending a narrow column can push onto a line of its own
MAX_ENDING = 3


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "pl")


def _lemmas(word: str) -> set[str]:
    from raporty.polish.lemmas import analyse

    return {r.lemma.lower() for r in analyse(word)}


def _ending_broken_off(head: str, tail: str, line: str) -> bool:
    """A line of only a short ending ("ów", "y") under a word it completes into another form of the
    same word ("pracownik" + "ów" → "pracowników"): a narrow column broke the word in its ending."""
    if line != tail or len(tail) > MAX_ENDING:
        return False
    return bool(_lemmas(head) & _lemmas(head + tail))


def broken_word(text: str, line: str) -> bool:
    """``text`` ends and ``line`` starts with two pieces of one word broken without a hyphen."""
    end, start = _WORD_END.search(text), _WORD_START.match(line)
    if end is None or start is None or not start.group(1)[0].islower():
        return False
    head, tail = end.group(1), start.group(1)
    joined = (head + tail).lower()
    if _zipf(joined) < JOINED_ZIPF:
        return False
    return min(_zipf(head.lower()), _zipf(tail)) < PIECE_ZIPF or _ending_broken_off(head.lower(), tail, line)


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
