"""The text of a table cell from its printed lines.

A line wrapped by the cell width is joined with a space ("Prowadzenie poradnictwa" +
"rodzinnego i terapii"); a word wrapped after a hyphen or a number wrapped between its thousands
groups is joined without a break ("on-" + "line", "32" + "219 uczestników"), a year broken after
its first digits without a space ("Budżet 2" + "017–2020"), and so is a number broken with fewer than
three digits on the next line ("w tym 51" + "7 uczestników": two bare numbers do not follow each
other, and a group of one or two digits is no thousands group). A word too long for a
narrow column that the layout broke without a hyphen ("uczes" + "tników") is joined back when
the joined word is a common Polish word and a piece is not, or when the second piece is only an
ending that makes another form of the first ("pracownik" + "ów"). A new paragraph — after a sentence
end or before a list item — stays on a line of its own ("\n").

Where the word boxes are known, a line that reaches the right edge of its column says more: a
narrow column breaks a word too long for it at that edge, without a hyphen, into two pieces or
more ("2870 ś" + "wiadcz" + "eń", "wyj" + "ściow" + "a (2020)"), and a number too ("428148," +
"78 zł", "1103639" + ",98 zł"). Pieces that end a full line and start the next are joined when
together they make a Polish word (the middle pieces being lines of their own, full too), unless the
first is a preposition or conjunction of its own and the next a word ("w" + "ciągu", "do" +
"pełnienia": wrapped at a space); digits or a decimal separator ending a full line join the digits
starting the next.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from raporty.extract.grid.words import W, group_lines, lowest_number_confidence, typical_height

if TYPE_CHECKING:
    from raporty.extract.tables import RawCell

_LINE_END_HYPHEN = re.compile(r"(?<=\w)-$")
_SENTENCE_END = re.compile(r"[.!?]$")
_SENTENCE_START = re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ„\"(]")
_LIST_ITEM = re.compile(r"^(?:[-–—•▪·*]\s|\d{1,2}[.)]\s|[a-z][)]\s)")
_THOUSANDS_WRAP = re.compile(r"\d$")
_THOUSANDS_NEXT = re.compile(r"^\d{3}(?!\d)")
_WORD_END = re.compile(r"(?:^|(?<=[\s/(„\"]))([^\W\d_]{2,})$")
_WORD_START = re.compile(r"^([^\W\d_]+)")
#: zipf frequencies (wordfreq's Polish list): the joined word at least this common, a piece below the other
JOINED_ZIPF = 2.5
PIECE_ZIPF = 1.5
#: letters of an inflectional ending a narrow column can push onto a line of its own
MAX_ENDING = 3
_FUNCTION_WORDS = {"conj", "comp", "prep", "qub", "part"}
_DIGITS_END = re.compile(r"(?:^|(?<=\s))\d{1,3}$")
#: the rest of a year opening a range, whose second year may be cut at the line end too ("017–2020", "021-202")
_DIGITS_START = re.compile(r"^(\d{1,3})(\s*[-–]\s*(?:(?:19|20)\d{2}(?!\d)|\d{1,3}$))")
_YEAR = re.compile(r"(?:19|20)\d{2}")


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from raporty.polish.frequency import zipf

    return zipf(word.lower())


def _lemmas(word: str) -> set[str]:
    from raporty.polish.lemmas import analyse

    return {r.lemma.lower() for r in analyse(word)}


def _function_word(word: str) -> bool:
    from raporty.polish.lemmas import analyse

    return any(r.pos in _FUNCTION_WORDS for r in analyse(word))


#: what may follow a particle that ends a broken word on its line: numbers only
_NOTHING_BUT_NUMBERS = re.compile(r"[\d\s.,:;()%–-]*")


def _ending_broken_off(head: str, tail: str, line: str) -> bool:
    """A short ending ("ów", "ch") starting the line under a word it completes into another form of
    the same word, or into a word when the piece alone is none ("pracownik" + "ów" → "pracowników",
    "grupowy" + "ch spotkań", "kampani" + "e"): a narrow column broke the word in its ending. A conjunction, particle or preposition ("a", "i", "w", "nie") starting a line is a
    word of its own unless nothing but numbers follows it on the line (a header's "wykona" + "nie 2024")."""
    if len(tail) > MAX_ENDING or (
        not _NOTHING_BUT_NUMBERS.fullmatch(line[len(tail) :]) and _function_word(tail)
    ):
        return False
    head_lemmas, joined_lemmas = _lemmas(head), _lemmas(head + tail)
    return bool(joined_lemmas) and (not head_lemmas or bool(head_lemmas & joined_lemmas))


#: a year range whose second year the line end cut ("2024-20"; "021-202" when its first year was cut too)
_RANGE_END = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}|\d{3})\s*[-–]\s*(\d{1,3})$")


def year_broken(text: str, line: str) -> bool:
    """A year broken after its first digits: the first of a range ("Budżet 2" + "017–2020") or the
    last ("2024-20" + "26"), or both ("Budżet 2" + "021-202" + "3")."""
    head, tail = _DIGITS_END.search(text), _DIGITS_START.match(line)
    if head and tail and _YEAR.fullmatch(head.group(0) + tail.group(1)) and tail.group(2):
        return True
    end, rest = _RANGE_END.search(text), re.match(r"\d{1,3}(?!\d)", line)
    return bool(end and rest and _YEAR.fullmatch(end.group(1) + rest.group(0)))


def broken_word(text: str, line: str) -> bool:
    """``text`` ends and ``line`` starts with two pieces of one word broken without a hyphen."""
    end, start = _WORD_END.search(text), _WORD_START.match(line)
    if end is None or start is None or not start.group(1)[0].islower():
        return False
    head, tail = end.group(1), start.group(1)
    joined = (head + tail).lower()
    if _lemmas(joined) and not (_lemmas(head) and _lemmas(tail)):
        return True  # a word of the dictionary from two pieces, one of them none ("jedno" + "stka")
    if _zipf(joined) < JOINED_ZIPF:
        return False
    return min(_zipf(head.lower()), _zipf(tail)) < PIECE_ZIPF or _ending_broken_off(head.lower(), tail, line)


#: one or two digits opening a line: the rest of a number broken at the line end above
_NUMBER_REST = re.compile(r"^\d{1,2}(?![\d.,])")


#: a line stopping less than this × the text height short of its column's right edge fills it
FULL_LINE = 1.0
#: the least zipf frequency of a word joined from pieces broken at a full line's end
EDGE_JOINED_ZIPF = 1.0
_PIECE_END = re.compile(r"([^\W\d_]+)$")
_LETTERS = re.compile(r"[^\W\d_]+")
#: a number broken at its decimal separator or inside its fraction ("428148," "96600,0" + "0 zł"),
#: or before it (+ ",98 zł"); digits alone ending a line may be a whole number ("w roku 2023")
_FRACTION_END = re.compile(r"\d[.,]\d*$")
_DIGIT_END = re.compile(r"\d$")
_SEPARATOR_START = re.compile(r"^[.,]\d")


def _common_word(word: str) -> bool:
    """A Polish word of the dictionary (a common noun's, adjective's, verb's … reading, not only a
    proper name's) and not too rare."""
    from raporty.polish.lemmas import analyse

    common = any(r.lemma[:1].islower() for r in analyse(word))
    return common and _zipf(word) >= EDGE_JOINED_ZIPF


def _edge_glue(text: str, following: list[str], full: list[bool]) -> int:
    """How many of the ``following`` lines join ``text`` (a line that fills its column) without a
    space: the pieces of a word the column edge broke (the last piece starting a line, those
    between them full lines of their own), or the rest of a number. 0 when none does."""
    if (_FRACTION_END.search(text) and following[0][:1].isdigit()) or (
        _DIGIT_END.search(text) and _SEPARATOR_START.match(following[0])
    ):
        return 1
    end = _PIECE_END.search(text)
    if end is None:
        return 0
    pieces, j = [end.group(1)], 0
    while j < len(following):
        start = _WORD_START.match(following[j])
        if start is None or not start.group(1)[0].islower():
            break
        pieces.append(start.group(1))
        if not (_LETTERS.fullmatch(following[j]) and full[j]):
            break  # a piece with more after it on its line is the last
        j += 1
    whole = end.start() == 0 or text[end.start() - 1].isspace()
    if whole and len(pieces) > 1 and _function_word(pieces[0]) and _lemmas(pieces[1]):
        return 0  # "w" + "ciągu", "do" + "pełnienia": a preposition and a word, wrapped at a space
    for count in range(len(pieces), 1, -1):
        if _common_word("".join(pieces[:count])):
            return count - 1
    return 0


def _glued_at_edges(lines: list[str], full: list[bool]) -> list[str]:
    """The lines with those broken at a full line's end (:func:`_edge_glue`) joined to it."""
    kept = [(" ".join(line.split()), f) for line, f in zip(lines, full, strict=True) if line.strip()]
    texts, flags = [t for t, _ in kept], [f for _, f in kept]
    glued: list[str] = []
    i = 0
    while i < len(texts):
        line, i = texts[i], i + 1
        while i < len(texts) and flags[i - 1] and (count := _edge_glue(line, texts[i:], flags[i:])):
            line += "".join(texts[i : i + count])
            i += count
        glued.append(line)
    return glued


def cell_text(lines: list[str], full: list[bool] | None = None) -> str:
    """The text of a table cell from its printed lines, as the author wrote it (module docstring).
    ``full``: which lines reach their column's right edge (known from word boxes)."""
    if full is not None:
        lines = _glued_at_edges(lines, full)
    text = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not text:
            text = line
        elif _LINE_END_HYPHEN.search(text) and line[:1].isalnum():
            text += line
        elif year_broken(text, line) or (_DIGITS_END.search(text) and _NUMBER_REST.match(line)):
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


def cell_from_words(
    words: list[W], page: int | None, height: float | None = None, right: float | None = None
) -> RawCell:
    """A RawCell from the word boxes of one cell: its lines (by height) joined by :func:`cell_text`,
    told which lines reach the right edge of the column (``right``: its text's right end over the
    table, else the cell's own),
    its confidence the lowest of its number words (OCR), italic when all its words are (PDF)."""
    from raporty.extract.tables import RawCell

    lines = group_lines(words, height) if words else []
    edge = right if right is not None else max((w.x1 for w in words), default=0.0)
    tolerance = FULL_LINE * (height or typical_height(words))
    full = [edge - max(w.x1 for w in line) <= tolerance for line in lines]
    text = cell_text([" ".join(w.text for w in line) for line in lines], full)
    italic = bool(words) and all(getattr(w, "italic", False) for w in words)
    return RawCell(text=text, page=page, confidence=lowest_number_confidence(words), italic=italic)
