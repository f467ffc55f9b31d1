"""Plain-text export: headings as lines, one table row per line, cells separated by tabs."""

from __future__ import annotations

from pathlib import Path

from .model import Heading, Report, Table


def _cells(texts: list[str]) -> str:
    return "\t".join(" ".join(t.split()) for t in texts)


def _table_lines(table: Table) -> list[str]:
    header = _cells([c.header for c in table.columns])
    unit_index = next((i for i, c in enumerate(table.columns) if c.role == "unit"), None)
    lines: list[str] = []
    if table.note:
        lines.append(table.note + "\t" * (len(table.columns) - 1))
    lines.append(header)
    previous_unit: str | None = None
    for index, row in enumerate(table.rows):
        if index == table.split_at:
            lines += ["", header]
        if index in table.inner_headings:
            lines.append(table.inner_headings[index] + "\t" * (len(table.columns) - 1))
            previous_unit = None
        texts = [cell.text for cell in row.cells]
        if table.merge_units and unit_index is not None:
            if texts[unit_index] == previous_unit and not row.empty:
                texts[unit_index] = ""  # a vertically merged cell is exported once
            else:
                previous_unit = texts[unit_index]
        lines.append(_cells(texts))
    return lines


def render_txt(report: Report, path: Path) -> None:
    lines: list[str] = [*report.title_lines, ""]
    for block in report.blocks:
        if isinstance(block, Heading):
            lines += [block.text, ""]
        else:
            lines += [*_table_lines(block), ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
