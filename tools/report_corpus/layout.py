"""Layout families of real reports, applied on top of a built table.

Each family (data/partition.json `layout_families`) is an independent random choice with its
own random stream (seeded by family and report name), so the base report — drawn from the
builder's generator — is the same whether a family is on or off, and switching one family off
does not change the choices of the others. With every family off the base report is left as
built. The families of real-world variation are in layout_real.py.

Families:

- `header2_group`: a group header cell ("Wskaźniki realizacji") spanning the value columns over
  short sub-headers ("plan 2024" | "wykonanie 2024"); kind and year are in the sub-headers.
- `header2_years`: a group naming the kind ("Realizacja") over year sub-headers ("2022" | "2023").
- `header2_year_group`: a group naming the year ("Rok 2024") over kind sub-headers ("plan" |
  "wykonanie").
- `name_continuation`: the activity (or indicator) name wrapped into a second table row whose
  other cells are empty; the activity is the two parts joined with a space.
- `activity_multirow`: one activity over several rows (name cell vertically merged, empty on the
  following txt lines), each row giving values of another measure; all belong to the activity.
- `value_line_break`: a compound value cell broken over lines ("12 spotkań,⏎240 uczestników"):
  a line break inside one DOCX paragraph, a continuation line (first cell empty) in txt.
- `long_cells`: long activity names and value cells (numberless tails) in narrow PDF columns.
- `thin_space`: thin space (U+2009) or narrow no-break space (U+202F) as thousands separator.
- `nbsp_unit`: a no-break space between a number and its noun or "zł" ("12 spotkań").
- `money_pln`: "PLN" instead of "zł" (measure stays "zł").
- `inner_heading_code`: section rows with a code ("1.2. …") spanning the table, also right
  under the header.
- `lp_column`: a first "Lp." column numbering the rows ("1.", "2."), empty on continuation rows.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from . import cells
from .cells import CellContext
from .layout_cell_words import header_scale, number_words
from .layout_docx_real import docx_row_split
from .layout_real import REAL_FAMILIES, RealVariation
from .model import VALUE_KINDS, Cell, Column, Row, Table
from .numfmt import NumberStyle
from .vocab import Vocabulary, partition

LAYOUT_FAMILIES = (
    "header2_group", "header2_years", "header2_year_group", "name_continuation", "activity_multirow",
    "value_line_break", "long_cells", "thin_space", "nbsp_unit", "money_pln", "inner_heading_code",
    "lp_column", *REAL_FAMILIES,
)  # fmt: skip
#: Patterns whose single paragraph joins several measures with ", " or "; ".
COMPOUND = ("compound_comma", "compound_semicolon", "unit_breakdown")
#: Patterns of one counted phrase that a numberless tail may follow.
TAILABLE = ("count_simple", "count_complement", "count_adjective", "hours")
NBSP = "\u00a0"


def _dash(rng: random.Random, text: str) -> str:
    return text.replace("–", rng.choice(["–", "-"]))


class Layout:
    def __init__(self, name: str, split: str, exclude: Iterable[str], families: set[str]) -> None:
        excluded = set(exclude)
        if "all" in excluded:
            excluded |= set(LAYOUT_FAMILIES)
        allowed = set(partition().families("layout_families", split))
        self.on = {f for f in LAYOUT_FAMILIES if f in allowed and f not in excluded}
        self.rng = {f: random.Random(f"{f}:{name}") for f in LAYOUT_FAMILIES}
        self.families = families
        self.texts = partition().raw["two_row_headers"]
        self.real = RealVariation(self)

    def chance(self, family: str, p: float) -> bool:
        return family in self.on and self.rng[family].random() < p

    def used(self, family: str) -> None:
        self.families.add(f"layout:{family}")

    # -- report level ---------------------------------------------------------------------
    def style(self, style: NumberStyle) -> NumberStyle:
        if self.chance("thin_space", 0.6):
            self.used("thin_space")
            return NumberStyle(self.rng["thin_space"].choice(["thin", "nnbsp"]), style.group_four_digits)
        return style

    # -- table level ----------------------------------------------------------------------
    def table(self, table: Table, vocab: Vocabulary, style: NumberStyle, patterns: list[str],
              statuses: list[tuple[str, str]], path: list[int], nbsp_units: bool) -> None:  # fmt: skip
        indicator = any(c.role == "indicator" for c in table.columns)
        self._long_cells(table)
        self.real.values(table, style)
        number_words(self.real, table, vocab, style)
        if not indicator:
            self._multirow(table, vocab, style, patterns, statuses)
        self._name_continuation(table)
        self.real.long_wrapped(table)
        self._line_breaks(table)
        self._coded_headings(table, vocab, path)
        self._two_row_header(table)
        header_scale(self.real, table, style)
        self._money_pln(table)
        self.real.money_words(table)
        self.real.page_break(table)
        if nbsp_units:
            self._nbsp_units(table)
        self._lp_column(table)
        docx_row_split(self.real, table)

    def _rows(self, table: Table) -> list[Row]:
        return [r for r in table.rows if not r.empty]

    def name_index(self, table: Table) -> int:
        return next(i for i, c in enumerate(table.columns) if c.role in ("activity", "indicator"))

    def _long_cells(self, table: Table) -> None:
        if not self.chance("long_cells", 0.35):
            return
        rng = self.rng["long_cells"]
        name_index = self.name_index(table)
        for row in self._rows(table):
            if rng.random() < 0.5:
                name = row.cells[name_index]
                name.paragraphs = [
                    *name.paragraphs[:-1],
                    f"{name.paragraphs[-1]} {rng.choice(self.texts['long_name_tails'])}",
                ]
            for column, cell in zip(table.columns, row.cells, strict=True):
                if column.role in VALUE_KINDS and cell.pattern in TAILABLE and rng.random() < 0.6:
                    cell.paragraphs = [f"{cell.paragraphs[0]} {rng.choice(self.texts['long_value_tails'])}"]
        table.narrow = True
        self.used("long_cells")

    def _multirow(self, table: Table, vocab: Vocabulary, style: NumberStyle, patterns: list[str],
                  statuses: list[tuple[str, str]]) -> None:  # fmt: skip
        # unambiguous only without a status column (a status would belong to one row's values)
        if any(c.role == "status" for c in table.columns) or not self.chance("activity_multirow", 0.4):
            return
        rng = self.rng["activity_multirow"]
        rows = self._rows(table)
        chosen = rng.sample(rows, min(len(rows), rng.choice([1, 1, 2])))
        count_nouns = [n for n in vocab.nouns if n.value_type == "count"]
        for row in chosen:
            used = {m.measure for c in row.cells for m in c.measures}
            free = [n for n in count_nouns if n.lemma not in used]
            for _ in range(rng.choice([1, 1, 2])):
                noun = free.pop(rng.randrange(len(free)))
                ctx = CellContext(rng, style, vocab, [noun], statuses)
                sub: list[Cell] = []
                for column in table.columns:
                    if column.role in ("planned", "actual", "baseline", "target"):
                        name = rng.choice(
                            [p for p in ("count_simple", "count_simple", "count_complement") if p in patterns]
                        )
                        sub.append(cells.make_cell(ctx, name))
                        sub[-1].pattern = name
                    else:
                        sub.append(Cell([""]))  # name, unit (merged), budget given once
                if any(c.measures for c in sub):
                    row.sub_rows.append(sub)
        if any(r.sub_rows for r in rows):
            self.used("activity_multirow")

    def _name_continuation(self, table: Table) -> None:
        if not self.chance("name_continuation", 0.45):
            return
        rng = self.rng["name_continuation"]
        name_index = self.name_index(table)
        done = False
        for row in self._rows(table):
            if row.sub_rows or rng.random() >= 0.45:
                continue
            words = row.cells[name_index].text.split()
            cuts = [k for k in range(2, len(words)) if words[k][0].islower()]
            if not cuts:
                continue
            cut = rng.choice(cuts)
            row.cells[name_index].paragraphs = [" ".join(words[:cut])]
            row.name_tail = " ".join(words[cut:])
            done = True
        if done:
            self.used("name_continuation")

    def _line_breaks(self, table: Table) -> None:
        if not self.chance("value_line_break", 0.5):
            return
        done = False
        for row in self._rows(table):
            if row.sub_rows or row.name_tail:
                continue
            for column, cell in zip(table.columns, row.cells, strict=True):
                if column.role not in VALUE_KINDS or len(cell.measures) < 2:
                    continue
                if cell.pattern == "compound_lines" or (
                    cell.pattern == "unit_breakdown" and len(cell.paragraphs) > 1
                ):
                    parts = list(cell.paragraphs)
                elif cell.pattern in COMPOUND and len(cell.paragraphs) == 1:
                    text = cell.paragraphs[0]
                    sep = "; " if "; " in text else ", "
                    pieces = text.split(sep)
                    if len(pieces) != len(cell.measures):
                        continue
                    parts = [p + sep.strip() for p in pieces[:-1]] + [pieces[-1]]
                else:
                    continue
                cell.paragraphs = parts
                cell.line_break = True
                done = True
        if done:
            self.used("value_line_break")

    def _coded_headings(self, table: Table, vocab: Vocabulary, path: list[int]) -> None:
        if not self.chance("inner_heading_code", 0.4):
            return
        rng = self.rng["inner_heading_code"]
        free = [
            i for i in range(len(table.rows)) if i not in table.inner_headings and not table.rows[i].empty
        ]
        positions = [0] if 0 in free and rng.random() < 0.75 else []
        mid = [i for i in free if i >= 2]
        if mid and (not positions or rng.random() < 0.5):
            positions.append(rng.choice(mid))
        for k, index in enumerate(sorted(positions), start=1):
            code = ".".join(str(p) for p in [*path, k])
            sep = rng.choice([". ", ". ", " "])
            table.inner_headings[index] = f"{code}{sep}{rng.choice(vocab.goals)}"
        if positions:
            self.used("inner_heading_code")

    # -- two-row headers ------------------------------------------------------------------
    def _runs(self, table: Table, ok: object) -> list[tuple[int, int]]:
        """Maximal runs (first, last) of ≥2 consecutive columns for which ok(column, previous) holds."""
        runs: list[tuple[int, int]] = []
        start = None
        for i, column in enumerate(table.columns):
            if start is not None and ok(column, table.columns[i - 1]):  # type: ignore[operator]
                continue
            if start is not None and i - 1 > start:
                runs.append((start, i - 1))
            start = i if ok(column, None) else None  # type: ignore[operator]
        if start is not None and len(table.columns) - 1 > start:
            runs.append((start, len(table.columns) - 1))
        return runs

    def _two_row_header(self, table: Table) -> None:
        def years_ok(c: Column, prev: Column | None) -> bool:
            return c.role == "actual" and c.year is not None and (prev is None or prev.role == "actual")

        def group_ok(c: Column, prev: Column | None) -> bool:
            return c.role in ("planned", "actual", "baseline", "target")  # money stays apart

        def year_ok(c: Column, prev: Column | None) -> bool:
            return (c.role in ("planned", "actual", "budget") and c.year is not None and c.year_end is None
                    and (prev is None or (prev.year == c.year and prev.role != c.role)))  # fmt: skip

        for family, ok in (
            ("header2_years", years_ok),
            ("header2_group", group_ok),
            ("header2_year_group", year_ok),
            ("header2_year_label", year_ok),
        ):
            runs = self._runs(table, ok)
            if family == "header2_years":
                runs = [
                    (a, b)
                    for a, b in runs
                    if len({table.columns[i].year for i in range(a, b + 1)}) == b - a + 1
                ]
            if runs and self.chance(family, 0.5):
                rng = self.rng[family]
                first, last = max(runs, key=lambda r: r[1] - r[0])
                self._regroup(table, family, rng, first, last)
                self.used(family)
                return

    def _regroup(self, table: Table, family: str, rng: random.Random, first: int, last: int) -> None:
        texts = self.texts
        year_over_kinds, sub_noyear = texts["year_over_kinds"], texts["sub_noyear"]
        if family == "header2_year_label":
            year_over_kinds, sub_noyear = self.real.year_label()
        chosen: dict[str, str] = {}  # one wording per kind in a table, as a person would write

        def pick(key: str, options: list[str]) -> str:
            if key not in chosen:
                chosen[key] = rng.choice(options)
            return chosen[key]

        for i in range(first, last + 1):
            c = table.columns[i]
            if family == "header2_years":
                header = pick("years", texts["years"]).replace("{Y}", str(c.year))
            elif family in ("header2_year_group", "header2_year_label"):
                header = pick(c.role, sub_noyear[c.role])
            else:
                key = c.role
                if c.role == "budget" and c.year_end is not None:
                    key = "budget_range"
                elif c.role == "baseline" and c.year is None:
                    key = "baseline_noyear"
                header = pick(key, texts["sub"][key])
                header = _dash(rng, header.replace("{Y}", str(c.year)).replace("{Y2}", str(c.year_end)))
            table.columns[i] = Column(c.role, header, c.year, c.year_end)
        if family == "header2_years":
            group = rng.choice(texts["kind_over_years"]["actual"])
        elif family in ("header2_year_group", "header2_year_label"):
            group = rng.choice(year_over_kinds).replace("{Y}", str(table.columns[first].year))
        else:
            group = rng.choice(texts["group"])
        table.groups = [(first, last, group)]

    # -- text of cells --------------------------------------------------------------------
    def _value_cells(self, table: Table) -> Iterable[Cell]:
        for row in self._rows(table):
            for line in (row.cells, *row.sub_rows):
                for column, cell in zip(table.columns, line, strict=True):
                    if column.role in VALUE_KINDS and cell.measures:
                        yield cell

    def _money_pln(self, table: Table) -> None:
        if not self.chance("money_pln", 0.4):
            return
        done = False
        for cell in self._value_cells(table):
            if any(m.value_type == "money" for m in cell.measures):
                cell.paragraphs = [re.sub(r"(\d) ?zł|(tys\.|mln) zł", lambda m: f"{m[1]} PLN" if m[1] else f"{m[2]} PLN", p)
                                   for p in cell.paragraphs]  # fmt: skip
                done = True
        if done:
            self.used("money_pln")

    def _nbsp_units(self, table: Table) -> None:
        done = False
        for cell in self._value_cells(table):
            new = [re.sub(r"(\d) (?=[^\W\d_])", "\\1" + NBSP, p) for p in cell.paragraphs]
            done |= new != cell.paragraphs
            cell.paragraphs = new
        if done:
            self.used("nbsp_unit")

    def _lp_column(self, table: Table) -> None:
        if not self.chance("lp_column", 0.35):
            return
        rng = self.rng["lp_column"]
        header = rng.choice(self.texts["lp"])
        dotted = rng.random() < 0.6
        table.columns.insert(0, Column("lp", header))
        if table.groups:
            table.groups = [(a + 1, b + 1, t) for a, b, t in table.groups]
        n = 0
        for row in table.rows:
            if row.empty:
                row.cells.insert(0, Cell([""]))
                continue
            n += 1
            row.cells.insert(0, Cell([f"{n}." if dotted else str(n)]))
            for sub in row.sub_rows:
                sub.insert(0, Cell([""]))
        self.used("lp_column")
