"""Rows of one OCR text table page: activity, unit and value cells put together line by line
(rows written across the page) and paragraph by paragraph (cells written down it).

The unit column is told from the activity by Polish institution nouns ("Wydział", "Ośrodek",
"Pełnomocnik" …), administrative adjectives ("Miejskie …") and capitalisation; a capitalised
paragraph that is not a unit is a new activity when the values after it open a new row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from raporty.extract.text.layout_cells import Columns, Token, starts_upper, starts_value, token_text, tokenize
from raporty.polish.fold import fold

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


def join_parts(parts: list[str]) -> str:
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


def is_institution(word: str, following: str = "") -> bool:
    folded = fold(word).strip('„"(),.;:')
    if folded.startswith(
        "organizacj"
    ):  # "organizacja/organizacje pozarządowe" (NGOs), not "Organizacja zajęć"
        return folded in ("organizacje", "organizacji") or fold(following).startswith("pozarz")
    return bool(_INSTITUTION.match(folded))


def institution_start(tokens: list[Token], minimum: int = 1) -> int | None:
    """Index where a unit name starts: a capitalised institution noun (or an adjective before it),
    or an administrative adjective ("Miejskie …"); the activity before it must not be empty."""
    candidates = []
    for i in range(len(tokens)):
        word = tokens[i].text
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if starts_upper(word) and _ADMIN_ADJECTIVE.match(fold(word)) and following[:1].isupper():
            candidates.append(i)
            continue
        if not is_institution(word, following) or not (
            starts_upper(word) or fold(word).startswith("organizacj")
        ):
            continue
        previous = tokens[i - 1].text if i > 0 else ""
        start = i - 1 if i > 0 and starts_upper(previous) and _ADJECTIVE.search(fold(previous)) else i
        candidates.append(start)
    valid = [c for c in candidates if c >= minimum]
    if not valid:
        return None
    bordered = [c for c in valid if tokens[c].border_before]
    return bordered[0] if bordered else valid[0]


def trailing_capitalised(tokens: list[Token]) -> int:
    """Start of the run of capitalised words (with "i", "ds." joiners) that ends the token list."""
    start = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i].text
        if word.endswith("-") and i < len(tokens) - 1:
            break  # a word broken at the line end belongs to the column before
        at_end_joiner = i == len(tokens) - 1 and i > 0 and starts_upper(tokens[i - 1].text)
        if starts_upper(word) or (fold(word) in _UNIT_JOINERS and (start < len(tokens) or at_end_joiner)):
            start = i
            continue
        break
    while start < len(tokens) and fold(tokens[start].text) in {"i", "&"}:
        start += 1
    return start


def title_case_share(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text)]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def is_unit_paragraph(text: str) -> bool:
    words = text.split()
    first = words[0] if words else ""
    return is_institution(first, words[1] if len(words) > 1 else "") or (
        len(text.split()) > 1
        and is_institution(text.split()[1])
        and _ADJECTIVE.search(fold(first)) is not None
        and starts_upper(first)
    )


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
        if "\n" not in text and not starts_upper(text) and unit_known:
            tokens = tokenize(text)
            at = trailing_capitalised(tokens)
            if 0 < at < len(tokens):  # "z psychologiem „Dworek": activity words, then the unit's next line
                self.pending.append(_Pending("text", token_text(tokens[:at])))
                self.pending.append(_Pending("unit", token_text(tokens[at:])))
                return
        if is_unit_paragraph(text):
            self.pending.append(_Pending("unit", text))
        elif starts_upper(text) and title_case_share(text) >= 0.75:
            self.pending.append(_Pending("maybe_unit", text))  # title case: a unit's next line or a title
        elif starts_upper(text) or text[:1] in '„"»#':
            self.pending.append(_Pending("activity", text))
        else:
            self.pending.append(_Pending("text", text))

    def values(self, values: list[str], prefix_activity: str = "", prefix_unit: str = "") -> None:
        """A set of value cells, with the activity/unit text that stood before them on the line."""
        current = self.current
        opens_row = (
            current is None
            or not current.has_values
            or (any(starts_value(v) for v in values if v) and current.cells_complete())
        )
        pending_activity = any(p.kind in ("activity", "maybe_unit") for p in self.pending)
        if (
            prefix_activity
            and starts_upper(prefix_activity)
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
            current = self.current
            assert current is not None  # the row just appended
            self._flush_pending_into(current)
            if prefix_activity:
                current.activity.append(prefix_activity)
            if prefix_unit:
                current.unit.append(prefix_unit)
        last = self.current
        assert last is not None  # every branch above leaves a current row
        last.add_values(values)

    def prefix_only(self, activity: str, unit: str, fresh_unit: bool) -> None:
        """An across line with no value cells: text of the activity and unit columns only. It opens a
        row only when a unit name starts on it (otherwise it wraps the cells of the row above)."""
        current = self.current
        if activity and starts_upper(activity) and (current is None or (current.has_values and fresh_unit)):
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
        at = institution_start(prefix)
        if (
            unit_open
            and not with_values
            and (
                institution_start(prefix, minimum=0) == 0
                or (self._unit_only_line and len(prefix) <= 2 and not starts_upper(prefix[0].text))
            )
        ):
            at = 0  # the line holds only the unit column ("organizacje" / "pozarządowe")
        border = next((i for i, t in enumerate(prefix) if i > 0 and t.border_before), None)
        if border is not None:
            at = border  # an OCR'd column rule between the activity and the unit
        if unit_open:
            if at is None:
                at = trailing_capitalised(prefix)
            elif at > 0 and prefix[at - 1].text.endswith(",") and starts_upper(prefix[at - 1].text):
                at = trailing_capitalised(
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
            return token_text(prefix), ""
        return token_text(prefix[:at]), token_text(prefix[at:])
