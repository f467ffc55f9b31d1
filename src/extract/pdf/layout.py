"""Text outside tables on PDF pages: lines, paragraphs, headings, and page furniture.

Lines are read from the characters that lie outside the page's tables. Consecutive lines in the
same style and without a paragraph gap form one block. A block set in a font clearly larger than
the body text is a heading. Running headers, footers and page numbers ("page furniture") are
recognised as lines in the top or bottom band of the page that are page numbers or that repeat
(digits ignored) on several pages; they are dropped so they never separate two parts of a table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pdfplumber.page import Page

from raporty.extract.sections import section_code

BAND = 0.08  # fraction of the page height treated as header/footer band
HEADING_EXTRA_PT = 1.5  # a heading's font is at least this much larger than the body font
PARAGRAPH_GAP = 0.8  # a vertical gap above this fraction of the line height starts a new paragraph
PAGE_NUMBER = re.compile(
    r"^(?:str(?:ona|\.)?\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:z|/|of)\s*\d{1,4})?$", re.I
)
_DIGITS = re.compile(r"\d+")
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-$")

Box = tuple[float, float, float, float]


@dataclass
class TextLine:
    text: str
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    in_band: bool


@dataclass
class TextBlock:
    """A paragraph or heading: one or more lines in the same style."""

    text: str
    top: float
    heading: bool
    italic: bool


def _font_flags(fontname: str) -> tuple[bool, bool]:
    lowered = fontname.lower()
    return ("bold" in lowered or "black" in lowered or "heavy" in lowered), (
        "italic" in lowered or "oblique" in lowered
    )


def _inside(obj: dict, boxes: list[Box]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


def page_lines(page: Page, tables: list[Box]) -> list[TextLine]:
    """The text lines of ``page`` outside the given table boxes, top to bottom."""
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, tables))
    lines: list[TextLine] = []
    height = float(page.height)
    for line in outside.extract_text_lines(return_chars=True, strip=True):
        text = " ".join(line["text"].split())
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not text or not chars:
            continue
        sizes = Counter(round(float(c["size"]), 1) for c in chars)
        flags = [_font_flags(c["fontname"]) for c in chars]
        lines.append(
            TextLine(
                text=text,
                top=float(line["top"]),
                bottom=float(line["bottom"]),
                size=sizes.most_common(1)[0][0],
                bold=all(b for b, _ in flags),
                italic=all(i for _, i in flags),
                in_band=line["top"] < BAND * height or line["bottom"] > (1 - BAND) * height,
            )
        )
    return lines


def furniture_keys(pages: list[list[TextLine]]) -> set[str]:
    """Texts (digits folded) of band lines repeated on at least two pages and half of all pages."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_DIGITS.sub("#", line.text) for line in lines if line.in_band})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= needed}


def is_furniture(line: TextLine, keys: set[str]) -> bool:
    return line.in_band and (bool(PAGE_NUMBER.match(line.text)) or _DIGITS.sub("#", line.text) in keys)


def body_font_size(pages: list[list[TextLine]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _join_lines(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if not text:
            text = part
        elif _LINE_END_HYPHEN.search(text) and part[:1].islower():
            text += part
        else:
            text += " " + part
    return text


def blocks(lines: list[TextLine], body_size: float) -> list[TextBlock]:
    """Group lines into paragraphs and headings (lines must already be free of furniture)."""
    out: list[TextBlock] = []
    current: list[TextLine] = []

    def flush() -> None:
        if current:
            first = current[0]
            heading = body_size > 0 and first.size >= body_size + HEADING_EXTRA_PT
            out.append(
                TextBlock(
                    text=_join_lines([line.text for line in current]),
                    top=first.top,
                    heading=heading,
                    italic=all(line.italic for line in current),
                )
            )
            current.clear()

    for line in lines:
        if current:
            prev = current[-1]
            gap = line.top - prev.bottom
            same_style = (
                abs(line.size - prev.size) < 0.5 and line.bold == prev.bold and line.italic == prev.italic
            )
            numbered = section_code(line.text)[0] is not None
            if not same_style or gap > PARAGRAPH_GAP * (prev.bottom - prev.top) or numbered:
                flush()
        current.append(line)
    flush()
    return out
