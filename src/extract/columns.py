"""Column roles by meaning: recognise what a table column holds from its header text.

Rules are keyword stems of the Polish report vocabulary (matched without diacritics), so a header
worded differently from the samples is still understood. Years always come from the header text.
"""

from __future__ import annotations

import re

from raporty.models import ColumnKind, ColumnRole
from raporty.polish.fold import fold

_YEAR = r"(?:19|20)\d{2}"
_YEAR_RANGE = re.compile(rf"({_YEAR})\s*(?:r\.)?\s*[-–—/]\s*({_YEAR})")
_YEAR_ONE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
_ROW_NUMBER = re.compile(r"^\s*(?:l\.?\s*p\.?|nr|lp)\s*$")
_ONLY_YEARS = re.compile(
    rf"^\s*(?:(?:dane\s+|okres\s+)?(?:rok|w|za|na)\s*)?(?:roku\s+)?{_YEAR}(?:\s*(?:r\.)?\s*[-–—/]\s*{_YEAR})?\s*(?:r\.?|rok)?\s*$"
)


def _has(text: str, *stems: str) -> bool:
    return any(stem in text for stem in stems)


#: What a header says about *when* its values stand, by meaning (folded stems).
_CUES: dict[ColumnKind, re.Pattern[str]] = {
    ColumnKind.BASELINE: re.compile(
        r"bazow|wyjsciow|\bwyjscia\b|poczatkow|referencyjn|\bpunkt\w*\s+odniesienia"
    ),
    ColumnKind.TARGET: re.compile(
        rf"docelow|prognoz|oczekiwan|\bdo\s+osiagniecia\b|\bcel\w*\s+(?:na\s+)?(?:rok\s+)?{_YEAR}"
    ),
    ColumnKind.ACTUAL: re.compile(
        r"zrealizowan|wykonan|osiagniet|\bosiagniecia\s+(?:w|za)\b|uzyskan|faktyczn|rzeczywist|\bstan\s+(?:na|wskaznik|w\b)"
        r"|\b(?:efekt|rezultat)\w*\s+(?:(?:w|za)\s+)?(?:roku\s+)?(?:19|20)\d{2}"  # the results of a year
        r"|\b(?:zakres|stopien|poziom)\w*\s+(?:realizacj|realizow|wykonani)"
        r"|\bwartos\w*\s+(?:wskaznik|miernik)"  # the value of the indicator, measured
        rf"|\brealizacj\w*\s+(?:w\b|na\b|wskaznik|miernik)|\brealizacj\w*\W+(?:\w+\W+){{0,2}}{_YEAR}"
        # "Realizacja" alone or after the year it is about ("Rok 2024 – realizacja"); "Termin, Sposób,
        # Miary realizacji" name its when, how and measures
        rf"|^(?:.*{_YEAR}\W*(?:r\b\.?|rok\w*)?\W*)?realizacj\w*\W*$"
    ),
    ColumnKind.PLANNED: re.compile(
        r"zaplanowan|planowan|\bplan\b|\bplanu\b|zakladan|zalozon|zalozeni|przewidywan|przewidzian"
        r"|zamierzon|zamierzeni"
    ),
}
#: Words for a quantity (the header is of a value column, whatever else it names).
_VALUE_CONTENT = re.compile(
    rf"wskaznik|miernik|\bmiar|wartos|rezultat|efekt|\bliczb|\bzakres|\bstan\b|{_YEAR}"
)
#: (funds, "środki", at a word's start: "ośrodek" holds the same letters)
_MONEY = re.compile(r"\bsrodk|budzet|koszt|kwota|kwoty|naklad|finansowan|wydatk|dotacj")
_STATUS = re.compile(
    r"stan realizacji|stan zaawansowania|przebieg realizacji|\buwagi\b|komentarz|opis realizacji|\bocena\b|\bstatus\b"
    r"|\binformacj\w*\s+o\s+realizacji"
)
_UNIT = re.compile(
    r"komork|jednostk|realizator|odpowiedzialn|wykonawc|partner|instytucj|\bkto\b|realizuj|koordynator"
    r"|\bpodmiot\w*\s+(?:realizuj|wykonuj|prowadz|odpowiedz|wspolprac)"
)
_ACTIVITY = (
    "dzialan",
    "zadani",
    "przedsiewzie",
    "kierun",
    "nazwa programu",
    "forma wsparcia",
    "forma pomocy",
    "rodzaj wsparcia",
    "rodzaj pomocy",
    "inicjatyw",
    "formy realizacji",
    "forma realizacji",
    "sposob realizacji",
)
#: A header opening with what was achieved ("Wynik", "Efekty działań", "Osiągnięcia") and no timing
#: word (those come first: "Oczekiwany rezultat" is a target) is a column of results.
_RESULT_HEAD = re.compile(r"^(?:wynik|efekt|rezultat|osiagnieci)\w*\b")
#: An amount in złoty named in brackets or after "w" ("Wydano (zł)", "Kwota (w tys. zł)", "Wartość
#: [tys. zł]", "Wartość w złotych", "w mln PLN"): a money column.
_MONEY_UNIT = re.compile(r"(?:[(\[]\s*(?:w\s+)?|\bw\s+)(?:(?:tys|mln|mld)\w*\.?\s*)?(?:zl|zlotych|pln)\b")


#: A header of this many words at most that is a timing word and no more names a value column.
_MAX_BARE_CUE_WORDS = 2
#: A short header naming one year ("Wynik roku 2022") and nothing this module knows is an actual column.
_MAX_YEAR_HEADER_WORDS = 5


def _earliest_cue(text: str) -> ColumnKind | None:
    """A baseline or target cue, else the timing cue written first ("Stopień realizacji zakładanych
    wskaźników" is an actual value)."""
    for kind in (ColumnKind.BASELINE, ColumnKind.TARGET):  # "… wskaźniki planowane i ich wartości docelowe"
        if _CUES[kind].search(text):
            return kind
    found = [(m.start(), kind) for kind, pattern in _CUES.items() if (m := pattern.search(text))]
    return min(found, key=lambda pair: pair[0])[1] if found else None


def classify_kind(header: str) -> ColumnKind:
    """The kind of a column from its (possibly multi-row, concatenated) header text, by meaning:
    money words make a budget column; a remark or assessment a status column; otherwise a timing
    cue (a baseline or target one, else the first of actual and planned written) with a word for a
    quantity or a year makes a value column; otherwise the header names who acts or what is done."""
    t = fold(" ".join(header.split()))
    if not t:
        return ColumnKind.OTHER
    if _ROW_NUMBER.match(t):
        return ColumnKind.ROW_NUMBER
    if _MONEY.search(t) or _MONEY_UNIT.search(t):
        return ColumnKind.BUDGET
    if _STATUS.search(t):
        return ColumnKind.STATUS
    if _has(t, "trend"):
        return ColumnKind.TREND
    names_unit = bool(_UNIT.search(t))
    names_activity = _has(t, *_ACTIVITY)
    cue = _earliest_cue(t)
    if cue in (ColumnKind.BASELINE, ColumnKind.TARGET):
        return cue
    if re.search(r"miernik", t) and _YEAR_ONE.search(t):
        return ColumnKind.TARGET  # "Mierniki 2019 – …": a programme's measures set for each year
    if cue is not None and _VALUE_CONTENT.search(t):
        return cue
    if names_unit:
        return ColumnKind.UNIT
    if cue is None and _RESULT_HEAD.match(t):
        return ColumnKind.ACTUAL
    if names_activity:
        return ColumnKind.ACTIVITY
    if cue is not None and len(t.split()) <= _MAX_BARE_CUE_WORDS:
        return cue  # "Plan", "Wykonanie", "Zrealizowano", "Planowana wartość": the timing word alone
    if _has(t, "wskaznik", "miernik", "miara", "miary", "nazwa"):
        return ColumnKind.INDICATOR
    if _ONLY_YEARS.match(t):
        return ColumnKind.TARGET
    if cue is not None and _YEAR_ONE.search(t):
        return cue  # "Planowano w 2022 r.": a timing cue and the year it is about
    if _YEAR_ONE.search(t) and not _YEAR_RANGE.search(t) and len(t.split()) <= _MAX_YEAR_HEADER_WORDS:
        return ColumnKind.ACTUAL  # a short header of one year and words not known here: what the year gave
    return ColumnKind.OTHER


def names_only_years(header: str) -> bool:
    """The header is a year or a range and nothing else ("2023", "rok 2024", "2025-2027 r.")."""
    return bool(_ONLY_YEARS.match(fold(" ".join(header.split()))))


def header_years(header: str) -> tuple[int | None, int | None]:
    """(year, year_end) named in a header: "w 2021 roku" → (2021, None); "2025-2027" → (2025, 2027)."""
    text = " ".join(header.split())
    if m := _YEAR_RANGE.search(text):
        start, end = int(m.group(1)), int(m.group(2))
        if end > start:
            return start, end
        return start, None
    years = [int(y) for y in _YEAR_ONE.findall(text)]
    if not years:
        return None, None
    return years[-1], None


def classify_column(header: str) -> ColumnRole:
    kind = classify_kind(header)
    year, year_end = (
        header_years(header) if kind not in (ColumnKind.ACTIVITY, ColumnKind.UNIT) else (None, None)
    )
    return ColumnRole(
        kind=kind,
        header=" ".join(header.split()),
        year=year,
        year_end=year_end,
        years_only=names_only_years(header),
    )


_VALUE_KINDS = (ColumnKind.PLANNED, ColumnKind.ACTUAL, ColumnKind.TARGET, ColumnKind.BASELINE, ColumnKind.BUDGET,
                ColumnKind.STATUS)  # fmt: skip


def classify_header(header_rows: list[list[str]]) -> list[ColumnRole]:
    """Column roles from one or more header rows (texts per column, group headers repeated).

    Of stacked header cells the lowest is the most specific: "Wartość wskaźnika" over "plan 2023"
    is a planned column, "Mierniki" over "wykonanie 2023" an actual one; the kind is the timing cue
    of the lowest cell that has one, else that of the whole text ("Realizacja" over "2023")."""
    width = max(len(r) for r in header_rows)
    roles = []
    for col in range(width):
        parts: list[str] = []
        for row in header_rows:
            piece = row[col].strip() if col < len(row) else ""
            if piece and piece not in parts:
                parts.append(piece)
        text = " ".join(parts)
        role = classify_column(text)
        if len(parts) > 1 and role.kind in (*_VALUE_KINDS, ColumnKind.INDICATOR, ColumnKind.OTHER):
            specific = next((cue for part in reversed(parts) if (cue := _earliest_cue(fold(part)))), None)
            if specific is not None and role.kind is not ColumnKind.BUDGET:
                role = role.model_copy(update={"kind": specific})
        roles.append(role)
    return roles


#: Sub-headers are short ("plan 2023", "wykonanie", "2024 r."); a longer cell is a heading or data.
_MAX_SUBHEADER_WORDS = 6


def is_subheader(texts: list[str]) -> bool:
    """A row of sub-headers under a header: bare years ("2025 | 2026"), or cells that each name a
    kind of column, at least one of them a kind of value ("plan 2023 | wykonanie 2023"), and no
    quantity."""
    filled = [t for t in texts if t.strip()]
    if not filled or any(looks_like_data(t) for t in filled):
        return False
    if len(filled) > 1 and len(set(filled)) == 1:
        return False  # one merged cell over the whole row: a section heading, not sub-headers
    if any(len(t.split()) > _MAX_SUBHEADER_WORDS for t in filled):
        return False
    if is_year_subheader(texts):
        return True
    kinds = [_earliest_cue(fold(" ".join(t.split()))) or classify_kind(t) for t in filled]
    return ColumnKind.OTHER not in kinds and any(k in _VALUE_KINDS for k in kinds)


def is_header_row(texts: list[str]) -> bool:
    """A row reads as a header when at least two cells name a known role and none holds a quantity.
    One text over the whole row (a merged cell spanning every column) is a caption, not a header."""
    filled = [t.strip() for t in texts if t.strip()]
    if len(filled) > 1 and len(set(filled)) == 1:
        return False
    if any(looks_like_data(t) for t in texts):  # the cheaper test first: most rows hold data
        return False
    kinds = [classify_kind(t) for t in texts if t.strip()]
    known = [k for k in kinds if k is not ColumnKind.OTHER]
    return len({k for k in known}) >= 2 or (len(known) >= 2 and len(known) == len(kinds))


def is_year_subheader(texts: list[str]) -> bool:
    """A row of bare years under a group header ("2025 | 2026 | 2027 | 2025-2027")."""
    filled = [t for t in texts if t.strip()]
    return bool(filled) and all(_ONLY_YEARS.match(fold(t)) for t in filled)


#: A number: its digits with the spaces, dots and commas inside it, taken whole (possessive), so
#: that a run of 20,000 digits is read once rather than again from each of its digits.
_NUMBER_RUN = re.compile(r"\d[\d\s.,]*+")
#: What makes a number a quantity: money, a percent sign, or a word after it.
_QUANTITY_AFTER = re.compile(r"z[łl]\b|pln\b|%|[a-ząćęłńóśźż]{3,}", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def looks_like_data(text: str) -> bool:
    """Whether ``text`` holds a quantity ("12 osób", "2 561 423,94 zł", "35%"), years set aside: a
    number followed by money, a percent sign or a word, and not a single digit glued to a word (a
    misread letter: "Kom6rka"). Linear in the text's length."""
    stripped = _YEAR_RANGE.sub("", _YEAR_ONE.sub("", text))
    for number in _NUMBER_RUN.finditer(stripped):
        start, end = number.span()
        glued = start > 0 and _LETTER.match(stripped, start - 1) is not None
        if glued and _DIGIT.search(stripped, start + 1, end) is None:
            continue
        if _QUANTITY_AFTER.match(stripped, end):
            return True
    return False
