"""Tables in OCR text without positions: presentation slides and scans exported as plain text.

Tesseract's text output keeps no column positions. A table row comes out either *across* (one
line holds the start of every column: activity, unit, one value per year, budget) or *down* (each
cell is its own paragraph: the activity, then the unit, then one paragraph per year column), and
often as a mix of both. The parser works per page (pages are separated by form feeds or runs of
blank lines) and rebuilds RawCell grids for the :class:`~raporty.extract.tables.TableAssembler`:

* **header**: the first line naming two column roles (unit, indicator values, budget) starts it;
  year-only lines give the value columns ("2025 2026 2027 2025-2027": three single years and a
  range, the range going to the budget column when the header names one). A year out of sequence
  inside an ascending run is an OCR misreading and is corrected from its neighbours. Header words
  go to the column whose role their stem names (:func:`header_cells`); a page without a year line
  keeps the columns of the page before.
* **across lines**: the value cells are the end of the line that splits into one segment per year
  column with the same word skeleton ("9 910 usług 9 910 usług 9 910 usług"; digits ignored,
  "|"/"[" artefacts honoured as cell borders), after a money amount at the end for the budget
  column. Before them are the activity and the unit: the unit starts at an institution noun
  ("Wydział", "Ośrodek", "Pełnomocnik" …) or, on a continuation line, is the run of capitalised
  words at the end.
* **down paragraphs**: a run of as many similar paragraphs as there are year columns is one set of
  value cells; a paragraph opening with an institution noun (or written in title case) is a unit;
  a lowercase paragraph continues the text before it; any other capitalised paragraph is a new
  activity if the next values open a new row (they start with a number and the previous row's
  cells are complete), otherwise it continues the unit or activity of the current row.

Only general rules are used: header keyword stems, Polish institution nouns, capitalisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from raporty.extract.columns import fold
from raporty.extract.tables import RawCell, TableAssembler
from raporty.models import Document

# -- vocabulary (stems matched on folded, lowercase text without diacritics) ------------------------
_UNIT_HEADER = ("komork", "jednostk", "realizator", "wykonawc", "odpowiedzialn", "partner")
_VALUE_HEADER = (
    "wskaznik",
    "rezultat",
    "wartosc",
    "docelow",
    "bazow",
    "wyjsciow",
    "miernik",
    "prognoz",
    "zaplanowan",
    "osiagniet",
    "wykonan",
    "zakres",
    "stan ",
)
_BUDGET_HEADER = ("srodk", "budzet", "koszt", "kwot", "naklad", "finansow", "wysokosc")
_ACTIVITY_HEADER = ("zadani", "dzialani", "dzialan", "kierun", "przedsiewzie", "program")
#: Nouns (and their stems) that open the name of a public body or organisation in Polish.
_INSTITUTION = re.compile(
    r"^(?:wydzia|osrod|pelnomocn|centrum|urzad|zarzad|biur|muzeum|bibliotek|teatr|fundacj|stowarzysz|"
    r"organizacj|instytucj|jednostk|poradni|referat|dzial(?:u|em)?$|zespol|komend|policj|kuratori|sad|straz|"
    r"starost|prezydent|burmistrz|wojt|schronisk|spoldzielni|parafi|caritas|filharmoni|inspektor|"
    r"sekretariat|departament|agencj|pcpr|mops|gops|umk|pup|gup)"
)
#: Adjectives of public administration that open a unit name ("Miejskie Centrum …", "Powiatowy Urząd …").
_ADMIN_ADJECTIVE = re.compile(r"^(?:miejsk|powiatow|gminn|wojewodzk|krajow|panstwow|regionaln|grodzk)")
_ADJECTIVE = re.compile(r"(?:ski|ska|skie|cki|cka|ckie|owy|owa|owe|ny|na|ne|ni)$")
_FUNCTION_WORDS = {
    "w",
    "z",
    "i",
    "o",
    "a",
    "na",
    "do",
    "dla",
    "oraz",
    "od",
    "po",
    "ze",
    "we",
    "przez",
    "lub",
    "u",
    "ich",
    "jej",
    "jego",
    "tym",
    "ramach",
    "zakresie",
}
_UNIT_JOINERS = {"i", "ds.", "ds", "im.", "&"}

_YEAR = r"(?:19|20)\d{2}"
_YEAR_TOKEN = re.compile(rf"^({_YEAR})(?:\s*[-–—/]\s*({_YEAR}))?[.,;]?$")
_PAGE_BREAK = re.compile(r"\f|\n[ \t]*\n[ \t]*\n[ \t]*\n")
_BLANK = re.compile(r"\n[ \t]*\n")
_HINT = re.compile(r"\s*[|\[\]]\s*")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"^\d{1,5}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?$")
_MONEY_WORD = re.compile(r"^(?:zł|zl|zt|pln)[.,;]?$", re.I)
_GLUE = [
    (re.compile(r"(?<=[A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż])(?=\d)"), " "),
    (re.compile(r"(?<=\d)(?=[A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż]{2,})"), " "),
    (re.compile(r"(?<=[a-ząćęłńóśźż],)(?=\d)"), " "),
]
SIMILAR = 70.0  # rapidfuzz ratio of two value segments' word skeletons to count as the same pattern


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


def _text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _is_value_number(tok: Token) -> bool:
    text = tok.text.rstrip(".,;:%+)")
    return bool(_NUMBER.match(text)) and not _YEAR_TOKEN.match(text)


def _starts_upper(text: str) -> bool:
    """The first letter or digit of ``text`` is an uppercase letter (quotes, "#", "~" … skipped)."""
    first = next((ch for ch in text if ch.isalnum()), "")
    return first.isupper()


def _starts_value(text: str) -> bool:
    first = next((ch for ch in text if ch.isalnum()), "")
    return first.isdigit() or first.isupper()


# -- years ------------------------------------------------------------------------------------------
def year_line(line: str) -> list[tuple[int, int | None]] | None:
    """The years of a line made of years and year ranges only, else None."""
    tokens = [t for t in re.split(r"[\s|\[\]]+", line.strip()) if t]
    if not tokens:
        return None
    found: list[tuple[int, int | None]] = []
    for tok in tokens:
        m = _YEAR_TOKEN.match(tok)
        if not m:
            return None
        found.append((int(m.group(1)), int(m.group(2)) if m.group(2) else None))
    return found


def fix_year_sequence(years: list[int]) -> list[int]:
    """Correct a year misread inside an ascending run of consecutive years ("2025 2020 2027")."""
    fixed = list(years)
    n = len(fixed)
    for i in range(n):
        before = fixed[i - 1] if i > 0 else None
        after = years[i + 1] if i + 1 < n else None
        if before is not None and after is not None:
            if after - before == 2 and fixed[i] != before + 1:
                fixed[i] = before + 1
        elif before is not None and i >= 2 and before - fixed[i - 2] == 1 and fixed[i] != before + 1:
            fixed[i] = before + 1
        elif after is not None and i + 2 < n and years[i + 2] - after == 1 and fixed[i] != after - 1:
            fixed[i] = after - 1
    return fixed


# -- header -----------------------------------------------------------------------------------------
def _roles(line: str) -> set[str]:
    folded = fold(line)
    roles = set()
    if any(s in folded for s in _UNIT_HEADER):
        roles.add("unit")
    if any(s in folded for s in _VALUE_HEADER):
        roles.add("value")
    if any(s in folded for s in _BUDGET_HEADER):
        roles.add("budget")
    return roles


def _has_value_numbers(line: str) -> bool:
    return any(_is_value_number(t) for t in tokenize(line))


def is_header_start(line: str) -> bool:
    return len(_roles(line)) >= 2 and not _has_value_numbers(line)


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


def header_cells(header_lines: list[str], columns: Columns) -> list[list[str]]:
    """Two header rows: role texts (each header word goes to the column its stem names), then years."""
    words = [w for line in header_lines for w in line.split()]
    first = header_lines[0].split() if header_lines else []
    unit_at = next((i for i, w in enumerate(first) if any(s in fold(w) for s in _UNIT_HEADER)), len(first))
    activity = " ".join(first[:unit_at])
    if not any(s in fold(activity) for s in _ACTIVITY_HEADER):
        activity_words = [w for w in words if any(s in fold(w) for s in _ACTIVITY_HEADER)]
        activity = " ".join([activity, *activity_words]).strip() or "działanie"
    unit = " ".join(w for w in words if any(s in fold(w) for s in _UNIT_HEADER))
    value = " ".join(
        w
        for w in words
        if any(s in fold(w) for s in _VALUE_HEADER) and not any(s in fold(w) for s in _BUDGET_HEADER)
    )
    budget = " ".join(w for w in words if any(s in fold(w) for s in _BUDGET_HEADER))
    roles = [activity, unit] + [value] * columns.year_columns + ([budget] if columns.budget else [])
    years = ["", ""] + [f"{y}-{e}" if e else str(y) for y, e in columns.years]
    return [roles, years]


def _columns_from_years(found: list[tuple[int, int | None]], header_text: str) -> Columns:
    singles = [y for y, e in found if e is None]
    ranges = [(y, e) for y, e in found if e is not None]
    fixed = fix_year_sequence(singles)
    years: list[tuple[int, int | None]] = [(y, None) for y in fixed]
    has_budget = bool(ranges) and "budget" in _roles(header_text)
    years.extend(ranges)
    return Columns(years=years, budget=has_budget)


# -- rows -------------------------------------------------------------------------------------------
@dataclass
class LayoutRow:
    activity: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    has_values: bool = False

    def add_values(self, values: list[str]) -> None:
        while len(self.cells) < len(values):
            self.cells.append([])
        for i, value in enumerate(values):
            if value.strip():
                self.cells[i].append(value.strip())
        self.has_values = True

    def cells_complete(self) -> bool:
        """No value cell ends mid-phrase (comma, hyphen, a preposition or conjunction)."""
        for parts in self.cells:
            if not parts:
                continue
            last = parts[-1].rstrip()
            if last.endswith((",", "-", "–", ";", "(")):
                return False
            if fold(last.split()[-1]) in _FUNCTION_WORDS:
                return False
        return True


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[:1].islower():
            text += part
        else:
            text = f"{text}\n{part}" if text else part
    return text


def _is_institution(word: str, following: str = "") -> bool:
    folded = fold(word).strip('„"(),.;:')
    if folded.startswith(
        "organizacj"
    ):  # "organizacja/organizacje pozarządowe" (NGOs), not "Organizacja zajęć"
        return folded in ("organizacje", "organizacji") or fold(following).startswith("pozarz")
    return bool(_INSTITUTION.match(folded))


def _institution_start(tokens: list[Token], minimum: int = 1) -> int | None:
    """Index where a unit name starts: a capitalised institution noun (or an adjective before it),
    or an administrative adjective ("Miejskie …"); the activity before it must not be empty."""
    candidates = []
    for i in range(len(tokens)):
        word = tokens[i].text
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if _starts_upper(word) and _ADMIN_ADJECTIVE.match(fold(word)) and following[:1].isupper():
            candidates.append(i)
            continue
        if not _is_institution(word, following) or not (
            _starts_upper(word) or fold(word).startswith("organizacj")
        ):
            continue
        previous = tokens[i - 1].text if i > 0 else ""
        start = i - 1 if i > 0 and _starts_upper(previous) and _ADJECTIVE.search(fold(previous)) else i
        candidates.append(start)
    valid = [c for c in candidates if c >= minimum]
    if not valid:
        return None
    bordered = [c for c in valid if tokens[c].border_before]
    return bordered[0] if bordered else valid[0]


def _trailing_capitalised(tokens: list[Token]) -> int:
    """Start of the run of capitalised words (with "i", "ds." joiners) that ends the token list."""
    start = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i].text
        if word.endswith("-") and i < len(tokens) - 1:
            break  # a word broken at the line end belongs to the column before
        at_end_joiner = i == len(tokens) - 1 and i > 0 and _starts_upper(tokens[i - 1].text)
        if _starts_upper(word) or (fold(word) in _UNIT_JOINERS and (start < len(tokens) or at_end_joiner)):
            start = i
            continue
        break
    while start < len(tokens) and fold(tokens[start].text) in {"i", "&"}:
        start += 1
    return start


def _title_case_share(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text)]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _is_unit_paragraph(text: str) -> bool:
    words = text.split()
    first = words[0] if words else ""
    return _is_institution(first, words[1] if len(words) > 1 else "") or (
        len(text.split()) > 1
        and _is_institution(text.split()[1])
        and _ADJECTIVE.search(fold(first)) is not None
        and _starts_upper(first)
    )


# -- splitting a line into prefix + value cells ---------------------------------------------------
def _money_tail(tokens: list[Token]) -> int | None:
    """Start of a money amount ("6 540 600 zł") that ends the line."""
    if len(tokens) < 2 or not _MONEY_WORD.match(tokens[-1].text) or not _is_value_number(tokens[-2]):
        return None
    return len(tokens) - 2


def _segments_similar(segments: list[list[Token]]) -> float | None:
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
            score = _segments_similar(segments)
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
        if _is_value_number(tok) and not (
            i > 0 and fold(tokens[i - 1].text) in {"lat", "roku", "nr", "art."}
        ):
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
    if columns.budget and (at := _money_tail(tokens)) is not None:
        budget, rest = tokens[at:], tokens[:at]
    count = columns.year_columns
    found = _split_equal(rest, count) if count > 1 else _split_first_number(rest)
    if found is None:
        if budget:
            return rest, [""] * count + [_text(budget)], (0.0, 0)
        return None
    start, segments, key = found
    values = [_text(s) for s in segments]
    if columns.budget:
        values.append(_text(budget))
    return rest[:start], values, key


# -- page parser ----------------------------------------------------------------------------------
@dataclass
class _Pending:
    kind: str  # "activity" (a capitalised paragraph not yet placed), "unit", "text" (lowercase)
    text: str


class PageParser:
    """Rows of one table page, fed line by line (across) and paragraph by paragraph (down)."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.rows: list[LayoutRow] = []
        self.pending: list[_Pending] = []
        self._unit_only_line = False  # the last across line held unit text only

    @property
    def current(self) -> LayoutRow | None:
        return self.rows[-1] if self.rows else None

    # paragraphs written down the page ---------------------------------------------------------
    def text_paragraph(self, text: str) -> None:
        current = self.current
        unit_known = (current is not None and bool(current.unit)) or any(
            p.kind == "unit" for p in self.pending
        )
        if "\n" not in text and not _starts_upper(text) and unit_known:
            tokens = tokenize(text)
            at = _trailing_capitalised(tokens)
            if 0 < at < len(tokens):  # "z psychologiem „Dworek": activity words, then the unit's next line
                self.pending.append(_Pending("text", _text(tokens[:at])))
                self.pending.append(_Pending("unit", _text(tokens[at:])))
                return
        if _is_unit_paragraph(text):
            self.pending.append(_Pending("unit", text))
        elif _starts_upper(text) and _title_case_share(text) >= 0.75:
            self.pending.append(_Pending("maybe_unit", text))  # title case: a unit's next line or a title
        elif _starts_upper(text) or text[:1] in '„"»#':
            self.pending.append(_Pending("activity", text))
        else:
            self.pending.append(_Pending("text", text))

    def values(self, values: list[str], prefix_activity: str = "", prefix_unit: str = "") -> None:
        """A set of value cells, with the activity/unit text that stood before them on the line."""
        current = self.current
        opens_row = (
            current is None
            or not current.has_values
            or (any(_starts_value(v) for v in values if v) and current.cells_complete())
        )
        pending_activity = any(p.kind in ("activity", "maybe_unit") for p in self.pending)
        if (
            prefix_activity
            and _starts_upper(prefix_activity)
            and opens_row
            and (current is None or current.has_values)
        ):
            self._flush_pending_into(current)
            row = LayoutRow(activity=[prefix_activity], unit=[prefix_unit] if prefix_unit else [])
            self.rows.append(row)
        elif pending_activity and opens_row and (current is None or current.has_values):
            self._new_row_from_pending()
        else:
            if current is None:
                self.rows.append(LayoutRow())
            self._flush_pending_into(self.current)
            if prefix_activity:
                self.current.activity.append(prefix_activity)
            if prefix_unit:
                self.current.unit.append(prefix_unit)
        self.current.add_values(values)

    def prefix_only(self, activity: str, unit: str, fresh_unit: bool) -> None:
        """An across line with no value cells: text of the activity and unit columns only. It opens a
        row only when a unit name starts on it (otherwise it wraps the cells of the row above)."""
        current = self.current
        if activity and _starts_upper(activity) and (current is None or (current.has_values and fresh_unit)):
            self._flush_pending_into(current)
            self.rows.append(LayoutRow(activity=[activity], unit=[unit] if unit else []))
            return
        if current is None:
            self.pending.append(_Pending("activity" if activity else "unit", activity or unit))
            return
        if activity:
            current.activity.append(activity)
        if unit:
            current.unit.append(unit)

    def _new_row_from_pending(self) -> None:
        first = next((i for i, p in enumerate(self.pending) if p.kind == "activity"), None)
        if first is None:
            first = next(i for i, p in enumerate(self.pending) if p.kind == "maybe_unit")
        self._flush_pending_into(self.current, upto=first)
        row = LayoutRow(activity=[self.pending[0].text])
        rest = self.pending[1:]
        self.pending = []
        # later pending activities wait for their own values (several rows written down first)
        for i, item in enumerate(rest):
            if item.kind == "activity":
                self.pending = rest[i:]
                break
            (row.unit if item.kind in ("unit", "maybe_unit") or row.unit else row.activity).append(item.text)
        self.rows.append(row)

    def _flush_pending_into(self, row: LayoutRow | None, upto: int | None = None) -> None:
        items = self.pending[:upto] if upto is not None else self.pending
        self.pending = self.pending[upto:] if upto is not None else []
        if row is None:
            return
        for item in items:
            if item.kind == "unit" or (item.kind == "maybe_unit" and row.unit):
                row.unit.append(item.text)
            else:
                row.activity.append(item.text)

    def finish(self) -> list[LayoutRow]:
        self._flush_pending_into(self.current)
        return [r for r in self.rows if r.activity]

    # lines written across the page ------------------------------------------------------------
    def across_prefix(self, prefix: list[Token], with_values: bool = True) -> tuple[str, str]:
        """Split the text before the value cells into (activity, unit)."""
        if not prefix:
            return "", ""
        current = self.current
        unit_open = (
            current is not None and bool(current.unit) and not any(p.kind == "activity" for p in self.pending)
        )
        at = _institution_start(prefix)
        if (
            unit_open
            and not with_values
            and (
                _institution_start(prefix, minimum=0) == 0
                or (self._unit_only_line and len(prefix) <= 2 and not _starts_upper(prefix[0].text))
            )
        ):
            at = 0  # the line holds only the unit column ("organizacje" / "pozarządowe")
        border = next((i for i, t in enumerate(prefix) if i > 0 and t.border_before), None)
        if border is not None:
            at = border  # an OCR'd column rule between the activity and the unit
        if unit_open:
            if at is None:
                at = _trailing_capitalised(prefix)
            elif at > 0 and prefix[at - 1].text.endswith(",") and _starts_upper(prefix[at - 1].text):
                at = _trailing_capitalised(
                    prefix[:at]
                )  # "…, Wydział": the unit list goes on from the line above
        broken = [
            i
            for i, t in enumerate(prefix[:-1])
            if len(t.text) > 2 and t.text.endswith("-") and t.text[-2].isalpha()
        ]
        if broken and at is not None and at <= broken[-1]:
            at = broken[-1] + 1  # a word broken at the line end ends its column's line
        self._unit_only_line = at == 0
        if at is None:
            return _text(prefix), ""
        return _text(prefix[:at]), _text(prefix[at:])


def _paragraph_is_value_run(paragraphs: list[str], start: int, count: int) -> bool:
    if count < 2 or start + count > len(paragraphs):
        return False
    segments = [[Token(w) for w in p.split()] for p in paragraphs[start : start + count]]
    if any(year_line(p) for p in paragraphs[start : start + count]):
        return False
    return _segments_similar(segments) is not None


def trailing_years(line: str) -> tuple[str, list[tuple[int, int | None]]] | None:
    """(text before, years) of a line ending in a run of years: "kryzysów 2025 2026 2027 2025-2027".
    A line of years only may hold one; after other words at least two are needed."""
    tokens = [t for t in re.split(r"[\s|\[\]]+", line.strip()) if t]
    found: list[tuple[int, int | None]] = []
    while tokens and (m := _YEAR_TOKEN.match(tokens[-1])):
        found.insert(0, (int(m.group(1)), int(m.group(2)) if m.group(2) else None))
        tokens.pop()
    if not found or (tokens and len(found) < 2):
        return None
    return " ".join(tokens), found


def _header_start(lines: list[str]) -> int | None:
    """First line of a table header: a line naming a column role, with a second role named within
    the next lines; the page's opening paragraph joins it (the label column's header)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for n, i in enumerate(filled):
        roles = _roles(lines[i])
        if not roles or _has_value_numbers(lines[i]):
            continue
        window = [lines[j] for j in filled[n : n + 40] if not _has_value_numbers(lines[j])]
        if len(set().union(*(_roles(w) for w in window))) < 2:
            continue
        before = lines[:i]
        if sum(
            1 for k, line in enumerate(before) if not line.strip() and k > 0 and before[k - 1].strip()
        ) <= 1 and not any(_has_value_numbers(line) for line in before):
            return filled[0]
        return i
    return None


def _opens_header_block(line: str) -> bool:
    first = fold(line.split()[0]) if line.split() else ""
    return any(first.startswith(s) for s in (*_UNIT_HEADER, *_VALUE_HEADER, *_BUDGET_HEADER))


def parse_page(lines: list[str], columns: Columns | None) -> tuple[list[list[RawCell]], Columns] | None:
    """The grid (two header rows, then one row per activity) of one page, or None if no table."""
    start = _header_start(lines)
    if start is None:
        return None
    header: list[str] = []
    years: list[tuple[int, int | None]] = []
    body: list[str] = []  # lines, "" for paragraph breaks
    in_header = True
    after_years = False  # inside the paragraph that held the year line
    for line in lines[start:]:
        stripped = line.strip()
        if not stripped:
            body.append("")
            if after_years:
                in_header = after_years = False
            continue
        found = trailing_years(stripped)
        if found and (in_header or not found[0]):
            if found[0]:
                header.append(found[0])
            years.extend(found[1])
            in_header = after_years = True
            continue
        if (
            in_header
            and not _has_value_numbers(stripped)
            and (after_years or not header or not _starts_upper(stripped) or _roles(stripped))
        ):
            header.append(stripped)
            continue
        if (
            not in_header
            and body
            and body[-1] == ""
            and _opens_header_block(stripped)
            and not _has_value_numbers(stripped)
        ):
            in_header = True  # a second header block below rows written down the page
            header.append(stripped)
            continue
        in_header = after_years = False
        body.append(stripped)
    header_text = " ".join(header)
    if years:
        columns = _columns_from_years(years, header_text)
    elif columns is not None:
        budget = columns.budget and "budget" in _roles(header_text)
        singles = [y for y in columns.years if y[1] is None]
        columns = Columns(
            years=singles + ([y for y in columns.years if y[1] is not None] if budget else []), budget=budget
        )
    else:
        return None  # no year columns on this page or an earlier one: not a table this parser can read
    rows = _parse_body(body, columns)
    if not any(any(parts) for row in rows for parts in row.cells):
        return None
    head = header_cells(header or [""], columns)
    grid = [[RawCell(t) for t in head[0]], [RawCell(t) for t in head[1]]]
    for row in rows:
        cells = [_join(row.activity), _join(row.unit)]
        cells += [" ".join(parts) for parts in row.cells[: columns.width]]
        cells += [""] * (2 + columns.width - len(cells))
        grid.append([RawCell(c) for c in cells])
    return grid, columns


def _paragraphs(body: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in body:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _parse_body(body: list[str], columns: Columns) -> list[LayoutRow]:
    parser = PageParser(columns)
    paragraphs = _paragraphs(body)
    texts = [" ".join(p) for p in paragraphs]
    i = 0
    while i < len(paragraphs):
        lines = paragraphs[i]
        split = [split_values(line, columns) for line in lines]
        if any(s is not None for s in split):
            for line, result in zip(lines, split, strict=True):
                if result is None:
                    tokens = tokenize(line)
                    activity, unit = parser.across_prefix(tokens, with_values=False)
                    parser.prefix_only(activity, unit, _institution_start(tokens) is not None)
                    continue
                prefix, values = result
                activity, unit = parser.across_prefix(prefix)
                parser.values(values, activity, unit)
            i += 1
            continue
        count = columns.year_columns
        if _paragraph_is_value_run(texts, i, count):
            values = texts[i : i + count]
            i += count
            if columns.budget:
                money = texts[i] if i < len(texts) else ""
                tokens = tokenize(money)
                if _money_tail(tokens) == 0:
                    values.append(money)
                    i += 1
                else:
                    values.append("")
            parser.values(values)
            continue
        parser.text_paragraph(_join(lines))
        i += 1
    return parser.finish()


def split_pages(text: str) -> list[list[str]]:
    return [page.splitlines() for page in _PAGE_BREAK.split(text) if page.strip()]


def _repair(text: str) -> str:
    try:
        from raporty.normalize.repair import repair_text
    except ImportError:
        return text
    return repair_text(text)


def extract_layout(text: str, doc: Document) -> None:
    """Find activity/indicator tables laid out by OCR in ``text`` and add them to ``doc``."""
    assembler = TableAssembler(doc)
    columns: Columns | None = None
    for page in split_pages(_repair(text)):
        parsed = parse_page(page, columns)
        if parsed is None:
            continue
        grid, columns = parsed
        if len(grid) > 2:
            assembler.table(grid)
    if doc.tables:
        doc.warnings.append("tables rebuilt from OCR text layout (no column positions): check the values")
