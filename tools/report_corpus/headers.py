"""Column layouts and header texts (synonyms from data/partition.json)."""

from __future__ import annotations

import random

from .model import Column
from .vocab import partition


class HeaderPicker:
    """Chooses header synonyms a split may use and records the families used."""

    def __init__(self, rng: random.Random, split: str, families: set[str]) -> None:
        self.rng = rng
        self.split = split
        self.families = families

    def template(self, role: str, *, ranged: bool | None = None, with_year: bool | None = None) -> str:
        options = partition().families("header_synonyms", self.split, role)
        if ranged is not None:
            options = [o for o in options if ("{Y2}" in o) == ranged] or options
        if with_year is not None:
            options = [o for o in options if ("{Y}" in o) == with_year] or options
        chosen = self.rng.choice(options)
        self.families.add(f"header:{role}:{chosen}")
        return chosen

    def column(
        self, role: str, year: int | None = None, year_end: int | None = None, template: str | None = None
    ) -> Column:
        template = template or self.template(role, ranged=year_end is not None if role == "budget" else None)
        has_year = "{Y}" in template
        has_end = "{Y2}" in template
        header = template.replace("{Y}", str(year) if year else "").replace(
            "{Y2}", str(year_end) if year_end else ""
        )
        header = header.replace("–", self.rng.choice(["–", "-"])) if has_end else header
        return Column(role, header, year if has_year else None, year_end if has_end else None)


def activity_layout(
    rng: random.Random, picker: HeaderPicker, year: int, span: tuple[int, int]
) -> list[Column]:
    """Columns of an activity table: name, optional unit, value columns, optional status."""
    name = picker.column("activity", template=picker.template("activity"))
    values: list[Column] = []
    layout = rng.choice(["plan_actual", "plan_actual", "per_year", "baseline_target", "actual_budget"])
    if layout == "plan_actual":
        values = [picker.column("planned", year), picker.column("actual", year)]
        if rng.random() < 0.5:
            values.append(_budget(rng, picker, year, span))
    elif layout == "per_year":
        template = picker.template("actual")
        values = [
            picker.column("actual", y, template=template) for y in range(year - rng.randint(1, 2), year + 1)
        ]
        if rng.random() < 0.3:
            values.append(picker.column("target", span[1]))
    elif layout == "baseline_target":
        values = [
            picker.column("baseline", span[0] - 1, template=picker.template("baseline")),
            picker.column("target", span[1]),
            picker.column("actual", year),
        ]
        if rng.random() < 0.3:
            values.append(_budget(rng, picker, year, span))
    else:
        values = [picker.column("actual", year), _budget(rng, picker, year, span)]
    if rng.random() < 0.2:
        rng.shuffle(values)
    return _assemble(rng, picker, name, values, status_ok=layout != "per_year")


def indicator_layout(
    rng: random.Random, picker: HeaderPicker, year: int, span: tuple[int, int]
) -> list[Column]:
    """Columns of an indicator table: indicator, optional unit, baseline, per-year values, target."""
    name = picker.column("indicator", template=picker.template("indicator"))
    values: list[Column] = []
    if rng.random() < 0.6:
        values.append(picker.column("baseline", span[0] - 1, template=picker.template("baseline")))
    template = picker.template("actual")
    first = max(span[0], year - rng.randint(0, 2))
    values += [picker.column("actual", y, template=template) for y in range(first, year + 1)]
    if rng.random() < 0.5:
        values.append(picker.column("target", span[1]))
    return _assemble(rng, picker, name, values, status_ok=first == year)


def _budget(rng: random.Random, picker: HeaderPicker, year: int, span: tuple[int, int]) -> Column:
    if rng.random() < 0.3:
        return picker.column("budget", span[0], span[1])
    return picker.column("budget", year)


def _assemble(
    rng: random.Random, picker: HeaderPicker, name: Column, values: list[Column], status_ok: bool
) -> list[Column]:
    columns = [name, *values]
    if rng.random() < 0.55:
        unit = picker.column("unit", template=picker.template("unit"))
        columns.insert(1 if rng.random() < 0.8 else len(columns), unit)
    if status_ok and rng.random() < 0.3 and any(c.role == "actual" for c in values):
        columns.append(picker.column("status", template=picker.template("status")))
    return columns
