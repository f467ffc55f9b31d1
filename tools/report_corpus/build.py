"""Build one synthetic report (model and facts) from a random generator and a split."""

from __future__ import annotations

import dataclasses
import random

from . import cells, phrases
from .cells import CellContext
from .headers import HeaderPicker, activity_layout, indicator_layout
from .layout import Layout
from .layout_side_by_side import side_by_side
from .model import VALUE_KINDS, Cell, Column, Heading, Measure, Report, Row, Table
from .numfmt import SEPARATORS, NumberStyle, plain_value
from .vocab import Vocabulary, partition, vocabulary

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


class _Builder:
    def __init__(
        self, name: str, split: str, rng: random.Random, exclude: frozenset[str] = frozenset()
    ) -> None:
        self.name = name
        self.split = split
        self.rng = rng
        self.vocab: Vocabulary = vocabulary()
        self.part = partition()
        self.families: set[str] = set()
        self.picker = HeaderPicker(rng, split, self.families)
        self.style = NumberStyle(rng.choice(sorted(SEPARATORS)), rng.random() < 0.6)
        self.objects = rng.sample(self.vocab.objects, len(self.vocab.objects))
        self.goals = rng.sample(self.vocab.goals, len(self.vocab.goals))
        self.indicator_nouns = rng.sample([n for n in self.vocab.nouns if n.indicator], 20)
        self.money_names = rng.sample(self.vocab.money_indicators, len(self.vocab.money_indicators))
        self.percent_used = 0
        self.patterns = self.part.families("cell_patterns", split)
        self.statuses = [tuple(s) for s in self.part.families("status_phrases", split)]
        self.table_count = 0
        # layout families: their own random streams, so the draws above and below are unchanged
        self.layout = Layout(name, split, exclude, self.families)
        self.style = self.layout.style(self.style)
        self.nbsp_units = self.layout.chance("nbsp_unit", 0.5)
        self.layout.real.report()

    # -- headings -------------------------------------------------------------------------
    def _goal(self) -> str:
        return self.goals.pop() if self.goals else self.rng.choice(self.vocab.goals)

    def _heading(self, word: str, code: str, level: int) -> Heading:
        title = self._goal()
        if not code:
            return Heading(level, f"{word} – {title}" if self.rng.random() < 0.5 else title)
        sep = self.rng.choice([": ", ". ", " "])
        text = f"{word} {code}{sep}{title}" if self.rng.random() < 0.85 else f"{code}{sep}{title}"
        return Heading(level, text)

    def _codes(self, styles: list[str], path: list[int]) -> str:
        style = styles[len(path) - 1]
        n = path[-1]
        if style == "roman":
            return ROMAN[n - 1]
        if style == "arabic":
            return str(n)
        if style == "dotted":
            return ".".join(str(p) for p in path)
        return ""

    # -- rows -----------------------------------------------------------------------------
    def _activity(self) -> Cell:
        verb = self.rng.choice(self.vocab.verbs)
        obj = self.objects.pop()
        text = f"{verb} {obj}"
        if self.rng.random() < 0.15:
            words = text.split()
            cut = self.rng.randint(2, max(2, len(words) - 1))
            return Cell([" ".join(words[:cut]), " ".join(words[cut:])])
        return Cell([text])

    def _units(self) -> list[str]:
        units = self.rng.sample(self.vocab.units, self.rng.choice([1, 1, 2, 3]))
        return [u.name if self.rng.random() < 0.8 else u.short for u in units]

    def _pick(self, pool: tuple[str, ...], role: str, status_column: bool) -> str:
        allowed = [p for p in pool if p in self.patterns]
        if status_column:
            allowed = [p for p in allowed if not p.startswith("status")]
        weights = [0.4 if p.startswith("status") else 1.0 for p in allowed]
        if role != "actual":
            weights = [0.25 if p.startswith("status") else w for p, w in zip(allowed, weights, strict=True)]
            allowed_weights = [
                (p, w) for p, w in zip(allowed, weights, strict=True) if p != "status_then_count"
            ]
            allowed, weights = [p for p, _ in allowed_weights], [w for _, w in allowed_weights]
        return self.rng.choices(allowed, weights)[0]

    def _value_cell(self, ctx: CellContext, column: Column, indicator: bool, status_column: bool) -> Cell:
        # an empty cell states nothing; not in the actual column of a table with a status column,
        # whose status would then be a status-only fact (or none: ambiguous)
        if self.rng.random() < 0.05 and not (status_column and column.role == "actual"):
            return Cell([""])
        pool: tuple[str, ...]
        if indicator:
            pool = cells.INDICATOR
        elif column.role == "budget":
            pool = cells.BUDGET
        else:
            pool = cells.ACTIVITY_VALUE
        name = self._pick(pool, column.role, status_column)
        self.families.add(f"cell:{name}")
        quiet = column.role != "actual"
        ctx.statuses = [
            s for s in self.statuses if not quiet or s[1] in cells.QUIET_STATUSES
        ] or self.statuses
        cell = cells.make_cell(ctx, name)
        cell.pattern = name
        for m in cell.measures:
            if m.status is not None:
                self.families.add(f"status:{m.status}")
        return cell

    def _row(self, columns: list[Column], indicator: bool) -> Row:
        count_nouns = [n for n in self.vocab.nouns if n.value_type == "count"]
        nouns = self.rng.sample(count_nouns, 3)
        ctx = CellContext(self.rng, self.style, self.vocab, nouns, list(self.statuses))
        row_cells: list[Cell] = []
        status_column = any(c.role == "status" for c in columns)
        name_cell = self._indicator_name(ctx) if indicator else self._activity()
        status: tuple[str, str] | None = None
        for column in columns:
            if column.role in ("activity", "indicator"):
                row_cells.append(name_cell)
            elif column.role == "unit":
                units = self._units()
                joined = ", ".join(units)
                row_cells.append(Cell(units if self.rng.random() < 0.3 else [joined]))
            elif column.role == "status":
                status = self.rng.choice(self.statuses)
                self.families.add(f"status:{status[1]}")
                row_cells.append(Cell([status[0][0].upper() + status[0][1:]]))
            else:
                row_cells.append(self._value_cell(ctx, column, indicator, status_column))
        if status is not None:
            for column, cell in zip(columns, row_cells, strict=True):
                if column.role == "actual":
                    cell.measures = [dataclasses.replace(m, status=status[1]) for m in cell.measures]
        return Row(row_cells)

    def _indicator_name(self, ctx: CellContext) -> Cell:
        roll = self.rng.random()
        if roll < 0.15 and self.money_names:
            ctx.indicator_type = "money"
            return Cell([self.money_names.pop()])
        noun = self.indicator_nouns.pop()
        ctx.nouns = [noun, *ctx.nouns]
        if roll < 0.35 and noun.lemma in self.vocab.persons:
            ctx.indicator_type = "percent"
            return Cell([f"Odsetek {phrases.genitive_plural(noun)} {self.rng.choice(noun.indicator)}"])
        ctx.indicator_type = "count"
        return Cell([f"Liczba {phrases.genitive_plural(noun)} {self.rng.choice(noun.indicator)}"])

    # -- tables ---------------------------------------------------------------------------
    def _table(self, year: int, span: tuple[int, int], level_words: list[str], path: list[int]) -> Table:
        self.table_count += 1
        indicator = self.rng.random() < 0.3
        layout = indicator_layout if indicator else activity_layout
        columns = layout(self.rng, self.picker, year, span)
        rows = [self._row(columns, indicator) for _ in range(self.rng.randint(2, 6))]
        table = Table(columns, rows)
        if self.rng.random() < 0.3:
            table.note = f"Tabela {self.table_count}. " + self.rng.choice(
                [
                    "Zestawienie działań i wskaźników",
                    "Realizacja działań w układzie celów",
                    "Monitoring wskaźników programu",
                ]
            )
        if len(rows) >= 3 and self.rng.random() < 0.25:
            word = level_words[-1]
            table.inner_headings[self.rng.randint(1, len(rows) - 1)] = f"{word}: {self._goal()}"
        if len(rows) >= 4 and self.rng.random() < 0.3:
            table.split_at = self.rng.randint(2, len(rows) - 1)
        if self.rng.random() < 0.2:
            table.rows.insert(self.rng.randint(1, len(rows)), Row([Cell([""]) for _ in columns], empty=True))
        table.merge_units = self.rng.random() < 0.4
        if table.merge_units:
            self._group_units(table)
        self.layout.table(table, self.vocab, self.style, self.patterns, self.statuses, path, self.nbsp_units)
        return table

    def _group_units(self, table: Table) -> None:
        unit_index = next((i for i, c in enumerate(table.columns) if c.role == "unit"), None)
        if unit_index is None:
            table.merge_units = False
            return
        for i in range(1, len(table.rows)):
            prev, row = table.rows[i - 1], table.rows[i]
            if not prev.empty and not row.empty and i not in table.inner_headings and self.rng.random() < 0.5:
                row.cells[unit_index] = Cell(list(prev.cells[unit_index].paragraphs))

    # -- report ---------------------------------------------------------------------------
    def _title(self, year: int, span: tuple[int, int]) -> list[str]:
        form = self.rng.choice(self.part.families("title_forms", self.split))
        self.families.add(f"title:{form}")
        topic, place = self.rng.choice(self.vocab.topics), self.rng.choice(self.vocab.places)
        dash = self.rng.choice(["–", "-"])
        period = f"na lata {span[0]}{dash}{span[1]}"
        if form == "programme":
            lines = [f"Program {topic} {place}", period]
        elif form == "report_in_year":
            lines = [f"Sprawozdanie z realizacji Programu {topic} {place} {period}", f"w {year} roku"]
        else:
            lines = [f"Informacja o stopniu realizacji Programu {topic} {place}", f"za rok {year}"]
        return lines if self.rng.random() < 0.4 else [" ".join(lines)]

    def build(self) -> Report:
        year = self.rng.randint(2019, 2025)
        start = year - self.rng.randint(0, 2)
        span = (start, start + self.rng.randint(2, 4))
        words = self.rng.sample(self.part.families("hierarchy_words", self.split), self.rng.randint(1, 3))
        self.families.update(f"hierarchy:{w}" for w in words)
        styles = [self.rng.choice(["roman", "arabic", "dotted", "none"]) for _ in words]
        blocks: list[Heading | Table] = []
        tables_left = self.rng.randint(2, 4)
        top = 0
        while tables_left > 0:
            top += 1
            self._section([top], words, styles, year, span, blocks)
            tables_left -= 1 if len(words) == 1 else 2
        report = Report(
            self.name, self.split, self._title(year, span), blocks, self.rng.random() < 0.4, self.families
        )
        side_by_side(self.layout.real, report.blocks, report.landscape)
        return report

    def _section(self, path: list[int], words: list[str], styles: list[str], year: int,
                 span: tuple[int, int], blocks: list[Heading | Table]) -> None:  # fmt: skip
        level = len(path)
        blocks.append(self._heading(words[level - 1], self._codes(styles, path), level))
        if level == len(words):
            blocks.append(self._table(year, span, words, path))
            return
        for sub in range(1, (2 if level == len(words) - 1 else 1) + 1):
            self._section([*path, sub], words, styles, year, span, blocks)


def build_report(name: str, split: str, rng: random.Random, exclude: frozenset[str] = frozenset()) -> Report:
    """`exclude`: layout families (layout.LAYOUT_FAMILIES, or "all") to leave out."""
    return _Builder(name, split, rng, exclude).build()


def report_facts(report: Report) -> list[dict[str, object]]:
    """Expected facts of every row of every table, in the expected-facts format."""
    facts: list[dict[str, object]] = []
    tables = [b for b in report.blocks if isinstance(b, Table)]
    for block in [half for t in tables for half in (t.halves or (t,))]:
        name_index = next(i for i, c in enumerate(block.columns) if c.role in ("activity", "indicator"))
        for row in block.rows:
            if row.empty:
                continue
            activity = row.cells[name_index].text
            if row.name_tail:
                activity = f"{activity} {row.name_tail}"
            for line in (row.cells, *row.sub_rows):
                for column, cell in zip(block.columns, line, strict=True):
                    if column.role not in VALUE_KINDS:
                        continue
                    for m in cell.measures:
                        facts.append(_fact(report.name, activity, column, cell, m))
    return facts


def _fact(document: str, activity: str, column: Column, cell: Cell, m: Measure) -> dict[str, object]:
    value = None if m.value is None else plain_value(m.value)
    return {
        "document": document,
        "activity": activity,
        "year": column.year,
        "year_end": column.year_end,
        "kind": column.role,
        "value": value,
        "measure": m.measure,
        "value_type": m.value_type,
        "qualifier": m.qualifier,
        "status": m.status,
        "raw_text": cell.text,
        "reviewed": True,
    }
