"""Layout families of Word files as people really get them (see layout_real.py for the dev/held-out
pairing; wording in data/partition.json `real_variation`).

- `docx_row_split`: a table split across a page in a Word file converted from PDF: the row at
  the split breaks in two, its first part ends the first table and the rest of its cell texts
  (the tail of the name, the later paragraphs of a value cell) is the first row of the second
  table, with or without the header repeated; the facts are those of the whole row. The held-out
  counterpart puts a page-number paragraph between the two tables.
- `ocr_docx`: a Word file saved by OCR software from a scan: some words with Polish letters have a
  glyph misread ("Społecznej" → "Spotecznej", "Kraków" → "Krakéw", "osób" → "os6b"), in cells,
  headers and headings alike; the facts are those of the clean text.
"""

from __future__ import annotations

import copy
import dataclasses
import random
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .layout_real import family_split, texts
from .model import VALUE_KINDS, Heading, Report, Table

if TYPE_CHECKING:
    from .layout_real import RealVariation


def _cut_name(rng: random.Random, paragraphs: list[str]) -> tuple[list[str], list[str]] | None:
    if len(paragraphs) > 1:
        return paragraphs[:1], paragraphs[1:]
    words = paragraphs[0].split()
    cuts = [k for k in range(2, len(words)) if words[k][0].islower()]
    if not cuts:
        return None
    cut = rng.choice(cuts)
    return [" ".join(words[:cut])], [" ".join(words[cut:])]


def docx_row_split(real: RealVariation, table: Table) -> None:
    found = real.chance("docx_row_split", 0.45)
    if not found:
        return
    family, split, rng = found
    rows = table.rows
    if table.split_at is not None:
        candidates = [table.split_at]
    else:
        candidates = list(range(2, len(rows)))
    candidates = [
        k for k in candidates
        if not rows[k - 1].empty and not rows[k - 1].sub_rows and not rows[k - 1].name_tail
        and k not in table.inner_headings
    ]  # fmt: skip
    if not candidates:
        return
    k = rng.choice(candidates)
    row = rows[k - 1]
    name_index = real.layout.name_index(table)
    parts: dict[int, tuple[list[str], list[str]]] = {}
    name_cut = _cut_name(rng, row.cells[name_index].paragraphs)
    if name_cut:
        parts[name_index] = name_cut
    for i, (column, cell) in enumerate(zip(table.columns, row.cells, strict=True)):
        if column.role in VALUE_KINDS and len(cell.paragraphs) > 1 and rng.random() < 0.6:
            parts[i] = (cell.paragraphs[:1], cell.paragraphs[1:])
    if not parts:
        return
    table.split_at = k
    table.row_break = parts
    table.break_header = rng.random() < 0.6
    if split == "heldout":
        marks: list[str] = texts()["docx_row_split"][split]["marks"]
        table.break_mark = rng.choice(marks).replace("{P}", str(rng.randint(2, 30)))
    real.layout.used(family)


def ocr_docx_damage(report_name: str, families: set[str]) -> Callable[[str], str] | None:
    """The misreadings of OCR software saving a scan as Word, or None for a born-digital file."""
    split = family_split(families, "ocr_docx")
    if split is None:
        return None
    rng = random.Random(f"ocr_docx:{report_name}")
    glyphs: dict[str, list[str]] = texts()["ocr_docx"][split]["glyphs"]
    rate = rng.uniform(0.15, 0.35)

    def word(m: re.Match[str]) -> str:
        w = m[0]
        hits = [i for i, ch in enumerate(w) if ch.lower() in glyphs]
        if not hits or rng.random() >= rate:
            return w
        i = rng.choice(hits)
        new = rng.choice(glyphs[w[i].lower()])
        return w[:i] + (new.upper() if w[i].isupper() else new) + w[i + 1 :]

    def damage(text: str) -> str:
        return re.sub(r"[^\W\d_]+", word, text)

    return damage


def ocr_docx_report(report: Report) -> Report:
    """`report` as OCR software saving it as Word would write it (unchanged without `ocr_docx`)."""
    damage = ocr_docx_damage(report.name, report.families)
    if damage is None:
        return report
    out = copy.deepcopy(report)
    out.title_lines = [damage(t) for t in out.title_lines]
    blocks: list[Heading | Table] = []
    for block in out.blocks:
        if isinstance(block, Heading):
            blocks.append(Heading(block.level, damage(block.text)))
            continue
        block.columns = [dataclasses.replace(c, header=damage(c.header)) for c in block.columns]
        block.groups = [(a, b, damage(t)) for a, b, t in block.groups]
        block.note = damage(block.note) if block.note else block.note
        block.inner_headings = {k: damage(t) for k, t in block.inner_headings.items()}
        if block.row_break:
            block.row_break = {
                i: ([damage(p) for p in a], [damage(p) for p in b]) for i, (a, b) in block.row_break.items()
            }
        for row in block.rows:
            row.name_tail = damage(row.name_tail) if row.name_tail else row.name_tail
            for line in (row.cells, *row.sub_rows):
                for cell in line:
                    cell.paragraphs = [damage(p) for p in cell.paragraphs]
        blocks.append(block)
    out.blocks = blocks
    return out
