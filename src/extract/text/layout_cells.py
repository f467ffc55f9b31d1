"""Value cells of one OCR text line: tokens, word skeletons and the split into repeating cells.

A line written across a table page ends with one cell per year column that repeat the same word
pattern ("9 910 usług 9 910 usług 9 910 usług"), and optionally a money amount for the budget
column. :func:`split_values` finds the longest such ending; "|" / "[" artefacts and runs of spaces
count as column borders. Used by :mod:`raporty.extract.text.layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from raporty.polish.fold import fold

_YEAR = r"(?:19|20)\d{2}"
YEAR_TOKEN = re.compile(rf"^({_YEAR})(?:\s*[-–—/]\s*({_YEAR}))?[.,;]?$")
_NUMBER = re.compile(r"^\d{1,5}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?$")
_MONEY_WORD = re.compile(r"^(?:zł|zl|zt|pln)[.,;]?$", re.I)
_GLUE = [
    (re.compile(r"(?<=[A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż])(?=\d)"), " "),
    (re.compile(r"(?<=\d)(?=[A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż]{2,})"), " "),
    (re.compile(r"(?<=[a-ząćęłńóśźż],)(?=\d)"), " "),
]
SIMILAR = 70.0  # rapidfuzz ratio of two value segments' word skeletons to count as the same pattern


@dataclass
class Columns:
    """The value columns of a table page: single years, then an optional budget range."""

    years: list[tuple[int, int | None]]
    budget: bool

    @property
    def width(self) -> int:
        return len(self.years)

    @property
    def year_columns(self) -> int:
        return len(self.years) - (1 if self.budget else 0)


# -- tokens -----------------------------------------------------------------------------------------
@dataclass
class Token:
    text: str
    border_before: bool = False  # an OCR'd "|" or "[" (a column rule) stood before it


def tokenize(line: str, join_thousands: bool = True) -> list[Token]:
    """Words of one line; "|"/"[" and runs of two or more spaces (or a tab) between words become border
    marks; glued numbers split ("porad,1" → "porad," "1"); thousands groups join ("8 000")."""
    for pattern, repl in _GLUE:
        line = pattern.sub(repl, line)
    tokens: list[Token] = []
    border = False
    for piece in re.split(r"(\s+|[|\[\]])", line.strip()):
        if not piece:
            continue
        if piece.isspace():
            border = border or len(piece.replace("\u00a0", "")) >= 2 or "\t" in piece
            continue
        if piece in "|[]":
            border = True
            continue
        tokens.append(Token(piece, border))
        border = False
    merged: list[Token] = []
    for tok in tokens:
        if (
            join_thousands
            and merged
            and re.fullmatch(r"\d{3}[.,;:]?", tok.text)
            and re.fullmatch(r"\d{1,3}(?: \d{3})*|\d{4,5}", merged[-1].text)
            and not tok.border_before
        ):
            merged[-1] = Token(f"{merged[-1].text} {tok.text}", merged[-1].border_before)
        else:
            merged.append(tok)
    return merged


def skeleton(tokens: list[Token]) -> str:
    """Word pattern of a segment: folded words, every number as "#", punctuation dropped."""
    words = []
    for tok in tokens:
        word = re.sub(r"\d[\d\s.,]*", "#", fold(tok.text))
        word = re.sub(r"[^\w#%+]", "", word)
        if word:
            words.append(word)
    return " ".join(words)


def token_text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def is_value_number(tok: Token) -> bool:
    text = tok.text.rstrip(".,;:%+)")
    return bool(_NUMBER.match(text)) and not YEAR_TOKEN.match(text)


def starts_upper(text: str) -> bool:
    """The first letter or digit of ``text`` is an uppercase letter (quotes, "#", "~" … skipped)."""
    first = next((ch for ch in text if ch.isalnum()), "")
    return first.isupper()


def starts_value(text: str) -> bool:
    first = next((ch for ch in text if ch.isalnum()), "")
    return first.isdigit() or first.isupper()


# -- splitting a line into prefix + value cells ---------------------------------------------------
def money_tail(tokens: list[Token]) -> int | None:
    """Start of a money amount ("6 540 600 zł") that ends the line."""
    if len(tokens) < 2 or not _MONEY_WORD.match(tokens[-1].text) or not is_value_number(tokens[-2]):
        return None
    return len(tokens) - 2


def segments_similar(segments: list[list[Token]]) -> float | None:
    skeletons = [skeleton(s) for s in segments]
    if any(not s or ("#" not in s and len(s) < 3) for s in skeletons):
        return None
    scores = [fuzz.ratio(a, b) for a, b in zip(skeletons, skeletons[1:], strict=False)]
    score = min(scores) if scores else 100.0
    return score if score >= SIMILAR else None


def _split_equal(tokens: list[Token], parts: int) -> tuple[int, list[list[Token]], tuple[float, int]] | None:
    """The longest suffix of ``tokens`` that splits into ``parts`` similar segments."""
    n = len(tokens)
    best: tuple[tuple[float, int], int, list[list[Token]]] | None = None
    if parts == 1:
        return None

    def search(end: int, remaining: int, acc: list[list[Token]]) -> None:
        nonlocal best
        if remaining == 0:
            segments = list(reversed(acc))
            score = segments_similar(segments)
            if score is None:
                return
            start = n - sum(len(s) for s in segments)
            if any(t.border_before for s in segments for t in s[1:]):
                return  # a column border inside a segment
            borders = sum(1 for s in segments[1:] if s[0].border_before)
            key = (round(score) + 10 * borders, -start)
            if best is None or key > best[0]:
                best = (key, start, segments)
            return
        reference = len(acc[0]) if acc else None
        for length in range(1, min(12, end) + 1):
            if reference is not None and abs(length - reference) > 2:
                continue
            search(end - length, remaining - 1, [*acc, tokens[end - length : end]])

    search(n, parts, [])
    if best is None:
        return None
    return best[1], best[2], best[0]


def _split_first_number(tokens: list[Token]) -> tuple[int, list[list[Token]], tuple[float, int]] | None:
    for i, tok in enumerate(tokens):
        if is_value_number(tok) and not (i > 0 and fold(tokens[i - 1].text) in {"lat", "roku", "nr", "art."}):
            return i, [tokens[i:]], (0.0, 0)
    return None


def split_values(line: str, columns: Columns) -> tuple[list[Token], list[str]] | None:
    """(prefix tokens, one text per value column) of an across line, or None. Thousands groups are
    tried joined and apart ("212 386" is one number or the end of one cell and the start of the next):
    the reading whose value cells repeat best wins."""
    results = [
        r
        for r in (_split_tokens(tokenize(line), columns), _split_tokens(tokenize(line, False), columns))
        if r is not None
    ]
    if not results:
        return None
    best = max(results, key=lambda r: r[2])
    return best[0], best[1]


def _split_tokens(
    tokens: list[Token], columns: Columns
) -> tuple[list[Token], list[str], tuple[float, int]] | None:
    budget: list[Token] = []
    rest = tokens
    if columns.budget and (at := money_tail(tokens)) is not None:
        budget, rest = tokens[at:], tokens[:at]
    count = columns.year_columns
    found = _split_equal(rest, count) if count > 1 else _split_first_number(rest)
    if found is None:
        if budget:
            return rest, [""] * count + [token_text(budget)], (0.0, 0)
        return None
    start, segments, key = found
    values = [token_text(s) for s in segments]
    if columns.budget:
        values.append(token_text(budget))
    return rest[:start], values, key
