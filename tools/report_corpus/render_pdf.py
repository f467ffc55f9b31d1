"""Text PDF rendition (reportlab): ruled or borderless tables, portrait or landscape.

Header rows repeat on every page, long rows may break across pages (splitInRow), vertically
merged unit cells are spanned. Layout families: a two-row header (group cell spanning its
sub-headers, other headers spanning both rows), a name wrapped into a second row, one activity over
several rows (name cell spanned), narrow value columns. DejaVu Sans carries the Polish letters. `invariant=1` makes the
output byte-reproducible.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable

from .model import Heading, Report, Row, Table

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=13, leading=16, spaceAfter=4),
        "h1": ParagraphStyle(
            "h1", fontName=FONT_BOLD, fontSize=11.5, leading=14, spaceBefore=8, spaceAfter=4
        ),
        "h2": ParagraphStyle(
            "h2", fontName=FONT_BOLD, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=3
        ),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=FONT_BOLD, fontSize=8, leading=10),
        "note": ParagraphStyle("note", fontName=FONT, fontSize=8.5, leading=11, spaceAfter=2),
    }


def _para(paragraphs: list[str], style: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape(p) for p in paragraphs), style)


def _widths(model: Table, total: float) -> list[float]:
    weight = {"activity": 3.0, "indicator": 3.0, "unit": 2.0, "status": 1.5, "lp": 0.55}
    if model.narrow:
        weight.update({"activity": 3.6, "indicator": 3.6})
    raw = [weight.get(c.role, 1.2 if model.narrow else 1.6) for c in model.columns]
    if model.halves:  # two tables side by side: many columns, none too narrow for its padding
        raw = [max(w, 1.0) for w in raw]
    return [total * w / sum(raw) for w in raw]


def _table(model: Table, width: float, styles: dict[str, ParagraphStyle], ruled: bool) -> list[Flowable]:
    out: list[Flowable] = []
    if model.note:
        out.append(_para([model.note], styles["note"]))
    header_rows, header_spans = _header(model, styles)
    name_index = next(i for i, c in enumerate(model.columns) if c.role in ("activity", "indicator"))
    unit_index = next((i for i, c in enumerate(model.columns) if c.role == "unit"), None)
    parts = (
        [model.rows]
        if model.split_at is None
        else [model.rows[: model.split_at], model.rows[model.split_at :]]
    )
    offset = 0
    for part in parts:
        data: list[list[object]] = [list(r) for r in header_rows]
        commands: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP"), *header_spans]
        previous: tuple[str, int] | None = None
        for local, row in enumerate(part):
            index = offset + local
            if index in model.inner_headings:
                data.append(
                    [_para([model.inner_headings[index]], styles["head"])] + [""] * (len(model.columns) - 1)
                )
                commands.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
                previous = None
            cells: list[object] = [
                _para(c.paragraphs, styles["cell"]) if not row.empty else "" for c in row.cells
            ]
            data.append(cells)
            if model.merge_units and unit_index is not None and not row.empty:
                text = row.cells[unit_index].text
                if previous and previous[0] == text:
                    cells[unit_index] = ""
                    commands.append(("SPAN", (unit_index, previous[1]), (unit_index, len(data) - 1)))
                else:
                    previous = (text, len(data) - 1)
            if not row.empty:
                _extra_rows(model, row, data, commands, styles, name_index)
        offset += len(part)
        if ruled:
            commands += [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        table = PdfTable(
            data, colWidths=_widths(model, width), repeatRows=len(header_rows), splitInRow=1, style=commands
        )
        out += [table, Spacer(1, 0.4 * cm)]
    return out


def _header(
    model: Table, styles: dict[str, ParagraphStyle]
) -> tuple[list[list[object]], list[tuple[object, ...]]]:
    if not model.groups:
        return [[_para([c.header], styles["head"]) for c in model.columns]], []
    top: list[object] = [_para([c.header], styles["head"]) for c in model.columns]
    bottom: list[object] = [""] * len(model.columns)
    spans: list[tuple[object, ...]] = []
    grouped: set[int] = set()
    for first, last, text in model.groups:
        for i in range(first, last + 1):
            grouped.add(i)
            bottom[i] = _para([model.columns[i].header], styles["head"])
            top[i] = _para([text], styles["head"]) if i == first else ""
        spans.append(("SPAN", (first, 0), (last, 0)))
    for i in range(len(model.columns)):
        if i not in grouped:
            spans.append(("SPAN", (i, 0), (i, 1)))
    return [top, bottom], spans


def _extra_rows(model: Table, row: Row, data: list[list[object]], commands: list[tuple[object, ...]],
                styles: dict[str, ParagraphStyle], name_index: int) -> None:  # fmt: skip
    """The name's second row, or further rows of the same activity (name cell spanned)."""
    start = len(data) - 1
    if row.name_tail:
        data.append(
            [
                _para([row.name_tail], styles["cell"]) if i == name_index else ""
                for i in range(len(model.columns))
            ]
        )
    if not row.sub_rows:
        return
    for sub in row.sub_rows:
        data.append([_para(c.paragraphs, styles["cell"]) if c.text else "" for c in sub])
    merged = [i for i, c in enumerate(model.columns) if c.role in ("activity", "indicator", "lp")]
    merged += [i for i, c in enumerate(model.columns) if c.role == "unit" and not model.merge_units]
    for i in merged:
        commands.append(("SPAN", (i, start), (i, len(data) - 1)))


def render_pdf(report: Report, path: Path, ruled: bool = True) -> None:
    _register_fonts()
    rl_config.invariant = 1
    pagesize = landscape(A4) if report.landscape else A4
    doc = SimpleDocTemplate(
        str(path), pagesize=pagesize, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
        invariant=1, title=" ".join(report.title_lines), author="report_corpus", creator="report_corpus",
    )  # fmt: skip
    styles = _styles()
    story: list[Flowable] = [_para([line], styles["title"]) for line in report.title_lines]
    for block in report.blocks:
        if isinstance(block, Heading):
            story.append(_para([block.text], styles["h1" if block.level == 1 else "h2"]))
        else:
            story += _table(block, doc.width, styles, ruled)
    doc.build(story)


def render_pdf_borderless(report: Report, path: Path) -> None:
    """The same PDF with no rules at all (Word "no borders")."""
    render_pdf(report, path, ruled=False)
