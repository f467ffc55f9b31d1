"""The report hierarchy: numbered headings become sections (goal → task → subsection).

Codes are recognised by their numbering pattern, not by the words of a particular report:
roman numerals ("I", "I.2"), "1)", decimal outlines ("2.1."), and named levels such as
"Cel strategiczny 1", "Cel operacyjny 2", "Kierunek działań 1", "Priorytet II", "Obszar 3".
The programme title and the years a document covers are read from its opening paragraphs.
"""

from __future__ import annotations

import re

from raporty.models import Document, Section
from raporty.polish.fold import fold

_ROMAN = r"[IVXLC]+"
# (pattern, level, matched against folded text?) — level 0: from the outline depth; -1: below the parent
_CODE_PATTERNS: list[tuple[re.Pattern[str], int, bool]] = [
    # named levels: the number after the word is the code; the word fixes the level
    (
        re.compile(
            r"^(?P<code>(?:cel\s+(?:strategiczny|glowny|nadrzedny)|priorytet|obszar|dziedzina)\s*(?:nr\s*)?"
            r"(?:\d+|[ivxlc]+)\b)"
        ),
        1,
        True,
    ),
    (
        re.compile(
            r"^(?P<code>(?:cel\s+(?:operacyjny|szczegolowy)|cel|kierunek\s+dzialan|kierunek)\s*(?:nr\s*)?"
            r"(?:\d+|[ivxlc]+)\b)"
        ),
        2,
        True,
    ),
    (re.compile(r"^(?P<code>(?:zadanie|dzialanie)\s*(?:nr\s*)?(?:\d+(?:\.\d+)*|[ivxlc]+)\b)"), 3, True),
    # outline numbering (case-sensitive: a roman code is followed by a capitalised title)
    (re.compile(rf"^(?P<code>{_ROMAN}(?:\.\d+)+)\.?(?=\s)"), 0, False),
    (re.compile(rf"^(?P<code>{_ROMAN})\.?(?=\s+[A-ZĄĆĘŁŃÓŚŹŻ„\"])"), 0, False),
    (re.compile(r"^(?P<code>\d+\))(?=\s+\S)"), -1, False),
    (re.compile(r"^(?P<code>\d+(?:\.\d+)+)\.?(?=\s+\S)"), 0, False),
]
_PROGRAMME = re.compile(
    r"\b(?P<title>(?:Program\w*|Strategi\w*|Plan\w*)\s[^\n]*?(?:na\s+lata|w\s+latach)\s+\d{4}\s*[-–—]\s*\d{4})",
)
_PROGRAMME_YEARS = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})\s*$")
_REPORT_YEAR = re.compile(
    r"\b(?:za\s+rok|w\s+roku|za)\s+((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\s+roku\b", re.I
)


#: A code as OCR may damage it: digits, roman numerals and the glyphs read for them (l, |, O), with
#: dots or commas between the parts; optionally after the word of a named level ("Cel l").
_DAMAGED_CODE = re.compile(
    r"^(?P<word>(?:[^\W\d_]+\s+){0,2}?)(?P<code>[0-9IVXlO|]+(?:[.,][0-9IVXlO|]+)*)(?P<end>[.,:]?)(?=\s+\S)"
)
_NAMED_LEVEL_WORD = re.compile(r"^(?:cel|priorytet|obszar|dziedzina|kierunek|zadanie|dzialanie)\b")


def _undamaged_code(code: str) -> str:
    """One reading of an OCR-damaged code: a part with a roman letter is roman (1, l, | read for I:
    "I1" → "II"); any other part is a number (l, |, I → 1, O → 0); commas between parts are dots."""
    parts = re.split(r"[.,]", code)
    out = []
    for part in parts:
        if re.search(r"[VX]|I.*I|I[1l|]|[1l|]I", part) and not re.search(r"[02-9O]", part):
            out.append(re.sub(r"[1l|]", "I", part))
        elif part == "I":
            out.append(part)
        else:
            out.append(part.translate(str.maketrans("lI|O", "1110")))
    return ".".join(out)


def _repaired_code_text(stripped: str) -> str | None:
    """The heading with its code as written before OCR damaged it ("l.2 Zadanie" → "1.2 Zadanie",
    "1,2 Zadanie" → "1.2 Zadanie", "I1. Wsparcie" → "II. Wsparcie", "Cel l" → "Cel 1"), or None.

    A comma is read as a dot only before a capitalised title (so "1,2 mln zł" stays a number)."""
    m = _DAMAGED_CODE.match(stripped)
    if m is None:
        return None
    word, code, end = m.group("word"), m.group("code"), m.group("end")
    rest = stripped[m.end() :]
    if word and not _NAMED_LEVEL_WORD.match(fold(word)):
        return None
    if "," in code + end and not re.match(r"\s+[A-ZĄĆĘŁŃÓŚŹŻ„\"]", rest):
        return None
    repaired = _undamaged_code(code)
    if repaired == code and "," not in end:
        return None
    return f"{word}{repaired}{end.replace(',', '.')}{rest}"


def section_code(text: str) -> tuple[str | None, int | None, str]:
    """(code, level, title) of a heading-like line; (None, None, text) when it has no numbering.
    A code damaged by OCR is read as written ("l.2", "1,2", "I1.", "Cel l")."""
    stripped = " ".join(text.split())
    code, level, title = _section_code(stripped)
    if code is None or re.search(r"[l|O]", code.split()[-1]):
        repaired = _repaired_code_text(stripped)
        if repaired is not None:
            fixed = _section_code(repaired)
            if fixed[0] is not None:
                return fixed
    return code, level, title


def _section_code(stripped: str) -> tuple[str | None, int | None, str]:
    folded = fold(stripped)
    for pattern, level, on_folded in _CODE_PATTERNS:
        m = pattern.match(folded if on_folded else stripped)
        if not m:
            continue
        end = m.end("code")
        code = stripped[:end]
        title = stripped[end:].lstrip(" .:–—-").strip()
        if level == 0:  # outline depth from the dots
            level = 1 + code.count(".")
        return code, level, title or stripped
    return None, None, stripped


def _is_paren_code(code: str | None) -> bool:
    return code is not None and code.endswith(")")


class SectionTracker:
    """Keeps the current position in the hierarchy while a backend walks the body."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.current: int | None = None

    # headings ------------------------------------------------------------------------------
    def heading(self, text: str, level: int | None) -> None:
        text = " ".join(text.split())
        if not text:
            return
        self._read_document_facts(text)
        code, code_level, title = section_code(text)
        if code_level == -1:  # "1)" sits one level below the nearest section not numbered that way
            anchor = self.current
            while anchor is not None and _is_paren_code(self.doc.sections[anchor].code):
                anchor = self.doc.sections[anchor].parent
            code_level = (self._level_of(anchor) or 0) + 1
        lvl = level or code_level or (self._level_of(self.current) or 0) + 1
        parent = self.current
        while parent is not None and self.doc.sections[parent].level >= lvl:
            parent = self.doc.sections[parent].parent
        section = Section(index=len(self.doc.sections), code=code, title=title, level=lvl, parent=parent)
        self.doc.sections.append(section)
        self.current = section.index

    def paragraph(self, text: str, italic: bool = False) -> bool:
        """A body paragraph; numbered ones open a section. Returns True when it opened one."""
        text = " ".join(text.split())
        if not text:
            return False
        self._read_document_facts(text)
        code, _, _ = section_code(text)
        if code is not None and not italic and len(text) < 400 and not re.match(r"^\d+\.\s", text):
            self.heading(text, None)
            return True
        if self.current is not None:
            self.note(text)
        return False

    def note(self, text: str) -> None:
        if self.current is None:
            return
        notes = self.doc.sections[self.current].notes
        if text not in notes:
            notes.append(text)

    def _level_of(self, index: int | None) -> int | None:
        return None if index is None else self.doc.sections[index].level

    # document-level facts ------------------------------------------------------------------
    def _read_document_facts(self, text: str) -> None:
        doc = self.doc
        if doc.programme is None and (m := _PROGRAMME.search(text)):
            doc.programme = programme_name(m.group("title"))
            if doc.year_from is None and (y := _PROGRAMME_YEARS.search(m.group("title"))):
                doc.year_from, doc.year_to = int(y.group(1)), int(y.group(2))
        report_year = _REPORT_YEAR.search(text)
        if report_year is None:
            return
        year = int(report_year.group(1) or report_year.group(2))
        if doc.year_from is None:
            doc.year_from = doc.year_to = year
        if doc.report_year is None and self.current is None:  # the title, before the first heading
            doc.report_year = year


def programme_name(title: str) -> str:
    """The programme title in the nominative: "Programu Wspierania Rodziny …" → "Program Wspierania Rodziny …"."""
    title = " ".join(title.split()).strip(' „”"')
    first, _, rest = title.partition(" ")
    try:
        from raporty.polish.lemmas import find_head_noun

        head = find_head_noun(first)
        lemma = head.lemma if head else None
    except Exception:  # morphology unavailable: keep the text as written
        lemma = None
    if lemma and fold(lemma)[:4] == fold(first)[:4]:
        first = lemma[:1].upper() + lemma[1:]
    return f"{first} {rest}".strip()
