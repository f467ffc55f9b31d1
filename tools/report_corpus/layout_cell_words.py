"""Layout families of how values are written in cells: the scale named outside the cell, numbers
in words (see layout_real.py for the dev/held-out pairing; wording in data/partition.json
`real_variation`).

- `header_scale`: a money column whose header names the unit and its scale ("Budżet (w tys. zł)",
  "Koszt [mln zł]", "Nakłady w zł") and bare numbers in its cells ("125,5" → 125 500 zł); in an
  indicator table the money indicator's name carries it ("Wydatki na … (w tys. zł)"). Sometimes
  the table caption names the scale instead ("Tabela 2. … (kwoty w tys. zł)") over a header with
  no unit, and sometimes a cell repeats its own unit ("125,5 tys. zł": the cell's unit counts,
  once).
- `number_words`: small counts written as words, inflected with Morfeusz ("dwa spotkania", "jedna
  osoba", "pięciu uczestników", "dwadzieścia dwie osoby"), and approximate counts ("ok. 40 osób",
  "ponad 100 uczestników"): the value is the number, the qualifier the tag of the word before it
  ("około" for ok./około/blisko/prawie, "powyżej" for ponad), as `raporty` documents qualifiers.
"""

from __future__ import annotations

import dataclasses
import random
from typing import TYPE_CHECKING

from . import morph
from .layout_real import texts
from .model import VALUE_KINDS, Cell, Measure, Table
from .numfmt import NumberStyle, format_number
from .phrases import counted, decimals_of, draw_money

if TYPE_CHECKING:
    from .layout_real import RealVariation
    from .vocab import Vocabulary

#: Patterns of one counted phrase (a single fact with a noun).
COUNTED = ("count_simple", "count_complement", "count_adjective")
#: Nouns counted with a collective numeral in words ("dwoje dzieci"): left in digits.
_COLLECTIVE = {"dziecko"}
_UNIT_WORD = {1.0: "zł", 1e3: "tys. zł", 1e6: "mln zł"}


# -- header_scale -------------------------------------------------------------------------------


def _scaled(rng: random.Random, scale: float, style: NumberStyle, own_unit: bool) -> tuple[str, Measure]:
    """A bare number in the column's scale and the money it states."""
    if scale == 1e3:
        number = round(rng.uniform(0.5, 950), rng.choice([0, 1, 1, 2]))
    elif scale == 1e6:
        number = round(rng.uniform(0.05, 25), rng.choice([1, 2]))
    else:
        number = draw_money(rng)
    decimals = 2 if scale == 1.0 and (decimals_of(number) or rng.random() < 0.5) else decimals_of(number)
    text = format_number(number, decimals, style)
    if own_unit:
        text += " " + _UNIT_WORD[scale]
    return text, Measure(round(number * scale, 2), "zł", "money")


def _money(cell: Cell) -> bool:
    return bool(cell.measures) and all(m.value_type == "money" and m.value is not None for m in cell.measures)


def _rewrite(rng: random.Random, cell: Cell, scale: float, style: NumberStyle) -> bool:
    if not _money(cell):
        return False
    text, measure = _scaled(rng, scale, style, own_unit=rng.random() < 0.1)
    status = cell.measures[0].status
    cell.paragraphs = [text]
    cell.measures = [dataclasses.replace(measure, status=status)]
    cell.pattern = "money_scaled"
    return True


def header_scale(real: RealVariation, table: Table, style: NumberStyle) -> None:
    found = real.chance("header_scale", 0.6)
    if not found:
        return
    family, split, rng = found
    words = texts()["header_scale"][split]
    scales: dict[str, list[str]] = words["header"]  # type: ignore[assignment]
    key = rng.choices(sorted(scales), [{"1": 0.25, "1000": 0.55, "1000000": 0.2}[k] for k in sorted(scales)])[
        0
    ]
    scale = float(key)
    grouped = {i for first, last, _ in table.groups for i in range(first, last + 1)}
    name_index = real.layout.name_index(table)
    done = False
    columns = [i for i, c in enumerate(table.columns) if c.role == "budget" and i not in grouped]
    caption = (
        bool(columns)
        and scale == 1e3
        and not any("zł" in table.columns[i].header for i in columns)
        and rng.random() < 0.35
    )
    for i in columns:
        changed = False
        for row in table.rows:
            if not row.empty:
                changed |= _rewrite(rng, row.cells[i], scale, style)
        if changed and not caption:
            c = table.columns[i]
            table.columns[i] = dataclasses.replace(c, header=c.header + rng.choice(scales[key]))
        done |= changed
    if caption and done:
        text = rng.choice(words["caption"])  # type: ignore[arg-type]
        table.note = f"{table.note} {text}" if table.note else text[0].upper() + text[1:]
    if any(c.role == "indicator" for c in table.columns):  # a money indicator names its scale
        for row in table.rows:
            values = [cell for c, cell in zip(table.columns, row.cells, strict=True) if c.role in VALUE_KINDS]
            if row.empty or not any(cell.measures for cell in values):
                continue
            if all(_money(cell) for cell in values if cell.measures):
                for cell in values:
                    _rewrite(rng, cell, scale, style)
                suffix = rng.choice(scales[key])
                name = row.cells[name_index]
                if row.name_tail:
                    row.name_tail += suffix
                else:
                    name.paragraphs = [*name.paragraphs[:-1], name.paragraphs[-1] + suffix]
                done = True
    if done:
        real.layout.used(family)


# -- number_words -------------------------------------------------------------------------------


def _values(ranges: list[list[int]]) -> list[int]:
    return [n for low, high in ranges for n in range(low, high + 1)]


def number_words(real: RealVariation, table: Table, vocab: Vocabulary, style: NumberStyle) -> None:
    found = real.chance("number_words", 0.6)
    if not found:
        return
    family, split, rng = found
    words = texts()["number_words"][split]
    values = _values(words["values"])  # type: ignore[arg-type]
    approx: list[list[object]] = words["approx"]  # type: ignore[assignment]
    done = False
    for row in table.rows:
        if row.empty:
            continue
        for column, cell in zip(table.columns, row.cells, strict=True):
            if column.role not in VALUE_KINDS or cell.pattern not in COUNTED or len(cell.paragraphs) != 1:
                continue
            m = cell.measures[0] if len(cell.measures) == 1 else None
            if m is None or m.value is None or m.value_type != "count" or m.measure in _COLLECTIVE:
                continue
            noun = vocab.noun(m.measure or "")
            gender = morph.gender(noun.lemma)
            roll = rng.random()
            if roll < 0.35:  # the number in words
                n = rng.choice(values)
                case, number = morph.numeral_agreement(n, gender)
                text = f"{morph.numeral_words(n, gender)} {morph.noun_form(noun.lemma, case, number, noun.forms)}"
                if rng.random() < 0.3:
                    text += " " + rng.choice(vocab.complements)
                measure = dataclasses.replace(m, value=float(n))
            elif roll < 0.6:  # an approximate count
                word, qualifier, genitive = rng.choice(approx)
                phrase, _ = counted(rng, noun, m.value, style, governed_genitive=bool(genitive))
                text = f"{word} {phrase}"
                measure = dataclasses.replace(m, qualifier=str(qualifier))
            else:
                continue
            cell.paragraphs = [text[0].upper() + text[1:] if rng.random() < 0.3 else text]
            cell.measures = [measure]
            cell.pattern = "count_words"
            done = True
    if done:
        real.layout.used(family)
