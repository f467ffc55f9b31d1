"""Layout families of real-world variation, applied on top of a built table (see layout.py).

Each mechanism has a dev family and, for most, a held-out counterpart ("…_other") that works the
same way with wording of its own (data/partition.json `real_variation`), so the held-out corpus
meets the mechanism in words the rules were never tuned on.

- `name_numbers`: numbers inside names: programme names and legal references in activity names
  ("… w ramach Programu „Rodzina 500+”", "art. 17 ust. 1") and after counted values ("12 rodzin
  objętych programem „Rodzina 3+”"); they state no fact.
- `cell_notes`: a note in a value cell ("(dane za I półrocze)", "*szacunkowo", "(stan na 30.06)"),
  in the same paragraph or a paragraph of its own; the cell's facts are unchanged.
- `relative_breakdown`: a part of the counted total in a relative clause ("45 spotkań, w tym 12 w
  formie on-line"): a second fact of the same measure.
- `page_break_txt`: a page break inside a table of a text export (an empty line, a page number
  line, a form feed; sometimes the header again), also between a row and its continuation.
- `header2_year_label`: a group naming the year in other words ("Dane za 2024 r.", "2024 rok")
  over kind sub-headers without a year ("wartość planowana" | "wartość osiągnięta").
- `long_wrapped`: long names and value cells whose tail is a paragraph of its own (a line of its
  own in the text export) in narrow columns.
- `money_words`: money spelt otherwise ("złotych", "tys.zł", "mln złotych") and other thousands
  separators in money (narrow no-break space U+202F, figure space U+2007).
- `ocr_txt`: a text export of an OCR'd or badly encoded document: diacritics lost (in the whole
  document or in some words), letter pairs confused ("rn"/"m"), a letter for a digit inside a
  number ("1 2O0").
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING, Any

from .model import VALUE_KINDS, Cell, Measure, Table
from .numfmt import NumberStyle, format_number
from .vocab import partition

if TYPE_CHECKING:
    from .layout import Layout

#: dev family → its held-out counterpart (same mechanism, held-out wording).
PAIRS = {
    "ocr_txt": "ocr_txt_other",
    "name_numbers": "name_numbers_other",
    "cell_notes": "cell_notes_other",
    "relative_breakdown": "relative_breakdown_other",
    "page_break_txt": "page_break_other",
    "money_words": "money_words_other",
    "header_scale": "header_scale_other",
    "number_words": "number_words_other",
    "docx_row_split": "docx_row_split_other",
    "ocr_docx": "ocr_docx_other",
}
DEV_ONLY = ("header2_year_label", "long_wrapped")
SHARED = ("side_by_side",)
REAL_FAMILIES = (*PAIRS, *PAIRS.values(), *DEV_ONLY, *SHARED)
#: Patterns of one counted phrase (a single fact with a noun).
COUNTED = ("count_simple", "count_complement", "count_adjective")


def texts() -> dict[str, Any]:
    return partition().raw["real_variation"]  # type: ignore[no-any-return]


class RealVariation:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def active(self, family: str) -> tuple[str, str] | None:
        """(the family switched on, the split of its wording) for a dev family name, or None."""
        if family in self.layout.on:
            return family, "dev"
        other = PAIRS.get(family)
        if other and other in self.layout.on:
            return other, "heldout"
        return None

    def chance(self, family: str, p: float) -> tuple[str, str, random.Random] | None:
        found = self.active(family)
        if found is None or not self.layout.chance(found[0], p):
            return None
        return found[0], found[1], self.layout.rng[found[0]]

    # -- report level ---------------------------------------------------------------------
    def report(self) -> None:
        for family, p in (("ocr_txt", 0.45), ("ocr_docx", 0.35)):
            found = self.chance(family, p)
            if found:
                self.layout.used(found[0])

    # -- table level ----------------------------------------------------------------------
    def values(self, table: Table, style: NumberStyle) -> None:
        """Families that rewrite cells: before the families that break cells over lines."""
        self._name_numbers(table)
        self._relative_breakdown(table, style)
        self._cell_notes(table)

    def _value_cells(self, table: Table) -> list[tuple[int, Cell]]:
        out = []
        for row_index, row in enumerate(table.rows):
            if row.empty:
                continue
            for column, cell in zip(table.columns, row.cells, strict=True):
                if column.role in VALUE_KINDS and cell.measures:
                    out.append((row_index, cell))
        return out

    def _name_numbers(self, table: Table) -> None:
        found = self.chance("name_numbers", 0.55)
        if not found:
            return
        family, split, rng = found
        words = texts()["name_numbers"][split]
        name_index = self.layout.name_index(table)
        done = False
        for row in table.rows:
            if row.empty or rng.random() >= 0.4:
                continue
            name = row.cells[name_index]
            name.paragraphs = [*name.paragraphs[:-1], f"{name.paragraphs[-1]} {rng.choice(words['names'])}"]
            done = True
        for _, cell in self._value_cells(table):
            if cell.pattern in COUNTED and len(cell.paragraphs) == 1 and rng.random() < 0.3:
                cell.paragraphs = [f"{cell.paragraphs[0]} {rng.choice(words['values'])}"]
                done = True
        if done:
            self.layout.used(family)

    def _relative_breakdown(self, table: Table, style: NumberStyle) -> None:
        found = self.chance("relative_breakdown", 0.55)
        if not found:
            return
        family, split, rng = found
        phrases = texts()["relative_breakdown"][split]
        done = False
        for _, cell in self._value_cells(table):
            m = cell.measures[0]
            if (cell.pattern not in COUNTED or len(cell.measures) != 1 or m.value is None
                    or m.value < 3 or m.value != int(m.value) or rng.random() >= 0.4):  # fmt: skip
                continue
            part = float(rng.randint(1, int(m.value) - 1))
            phrase = rng.choice(phrases)
            number = format_number(part, 0, style)
            cell.paragraphs = [cell.paragraphs[0] + phrase.replace("{N}", number)]
            online = "on-line" in phrase or "zdaln" in phrase
            cell.measures = [
                m,
                Measure(part, m.measure, m.value_type, "on-line" if online else None, m.status),
            ]
            done = True
        if done:
            self.layout.used(family)

    def _cell_notes(self, table: Table) -> None:
        found = self.chance("cell_notes", 0.55)
        if not found:
            return
        family, split, rng = found
        notes = texts()["cell_notes"][split]
        done = False
        for _, cell in self._value_cells(table):
            if cell.measures[0].value is None or rng.random() >= 0.3:
                continue
            note = rng.choice(notes)
            if rng.random() < 0.3:
                cell.paragraphs = [*cell.paragraphs, note]
            else:
                cell.paragraphs = [*cell.paragraphs[:-1], f"{cell.paragraphs[-1]} {note}"]
            done = True
        if done:
            self.layout.used(family)

    def long_wrapped(self, table: Table) -> None:
        found = self.chance("long_wrapped", 0.4)
        if not found:
            return
        family, _, rng = found
        words = texts()["long_wrapped"]
        name_index = self.layout.name_index(table)
        for row in table.rows:
            if row.empty or row.sub_rows or row.name_tail:
                continue
            name = row.cells[name_index]
            if rng.random() < 0.5 and not name.line_break:
                name.paragraphs = [" ".join(name.paragraphs), rng.choice(words["names"])]
                name.line_break = True
            for column, cell in zip(table.columns, row.cells, strict=True):
                if (column.role in VALUE_KINDS and cell.pattern in COUNTED and len(cell.paragraphs) == 1
                        and not cell.line_break and rng.random() < 0.5):  # fmt: skip
                    cell.paragraphs = [cell.paragraphs[0], rng.choice(words["values"])]
                    cell.line_break = True
        table.narrow = True
        self.layout.used(family)

    def money_words(self, table: Table) -> None:
        found = self.chance("money_words", 0.55)
        if not found:
            return
        family, split, rng = found
        words = texts()["money_words"][split]
        done = False
        for _, cell in self._value_cells(table):
            if not any(m.value_type == "money" for m in cell.measures):
                continue
            new = []
            for paragraph in cell.paragraphs:
                if rng.random() < 0.6:
                    paragraph = re.sub(
                        r"(tys\.|mln) zł|(?<=\d) ?zł(?!\w)",
                        lambda m: " " + rng.choice(words[f"{m[1]} zł" if m[1] else "zł"]),
                        paragraph,
                    )
                if rng.random() < 0.5:
                    sep = rng.choice(words["separators"])
                    paragraph = re.sub(r"(?<=\d)[ \u00a0.](?=\d{3}(?!\d))", sep, paragraph)
                new.append(paragraph)
            done |= new != cell.paragraphs
            cell.paragraphs = new
        if done:
            self.layout.used(family)

    def page_break(self, table: Table) -> None:
        found = self.chance("page_break_txt", 0.5)
        rows = [i for i, r in enumerate(table.rows) if not r.empty and i not in table.inner_headings]
        if not found or len(rows) < 2 or table.split_at is not None:
            return
        family, split, rng = found
        index = rng.choice(rows[1:])
        # sometimes the break falls inside the row: between its first line and its continuation
        continued = bool(table.rows[index].name_tail or any(c.line_break for c in table.rows[index].cells))
        inside = continued and rng.random() < 0.6
        page = rng.randint(2, 30)
        mark = rng.choice(texts()["page_marks"][split]).replace("{P}", str(page))
        mark = mark.replace("{Q}", str(page + rng.randint(1, 20)))
        table.page_break = (index, mark, inside, rng.random() < 0.5)
        self.layout.used(family)

    def year_label(self) -> tuple[list[str], dict[str, list[str]]]:
        t = texts()
        return t["year_over_kinds_label"], t["sub_noyear_label"]


# -- text export damage (render_txt) -------------------------------------------------------------


def family_split(families: set[str], family: str) -> str | None:
    """The split whose wording a report uses for dev family `family` (or its counterpart), or None."""
    if f"layout:{family}" in families:
        return "dev"
    if f"layout:{PAIRS[family]}" in families:
        return "heldout"
    return None


def ocr_damage(report_name: str, families: set[str], text: str) -> str:
    """`text` (the whole text export) as an OCR'd or badly encoded document would give it."""
    split = family_split(families, "ocr_txt")
    if split is None:
        return text
    rng = random.Random(f"ocr:{report_name}")
    rules = texts()["ocr"][split]
    letters: dict[str, str] = rules["letters"]
    whole = rng.random() < 0.35  # the font encoding lost these letters in the whole document

    def strip(word: str) -> str:
        out = []
        for ch in word:
            plain = letters.get(ch.lower())
            out.append(ch if plain is None else plain.upper() if ch.isupper() else plain)
        return "".join(out)

    def word(m: re.Match[str]) -> str:
        w = m[0]
        if whole or rng.random() < 0.12:
            w = strip(w)
        if rng.random() < 0.04:
            for a, b in rules["pairs"].items():
                if a in w:
                    w = w.replace(a, b, 1)
                    break
        return w

    text = re.sub(r"[^\W\d_]+", word, text)
    for digit, letter in rules["digits"].items():

        def misread(m: re.Match[str], letter: str = letter) -> str:
            return letter if rng.random() < 0.15 else m[0]

        text = re.sub(rf"(?<=\d){digit}(?=\d)", misread, text)
    return text
