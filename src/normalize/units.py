"""Responsible units: split a unit cell into unit mentions (name + code).

"Miejski Ośrodek Pomocy Społecznej (MOPS/OBA)" → name "Miejski Ośrodek Pomocy Społecznej", code "MOPS/OBA".
"Wydział … UMK (SZ/AZS/01), organizacje pozarządowe" → two mentions. Resolving mentions to one
entity per unit (aliases, abbreviations, fuzzy names) is done by :mod:`raporty.normalize.unit_resolver`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARENS = re.compile(r"\(([^()]*)\)")
_CODE = re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ]{2,}(?:[-/][A-ZĄĆĘŁŃÓŚŹŻ0-9]+)*$")
_CONTINUED_LINE = re.compile(r"\s*\n\s*(?=[a-ząćęłńóśźż])")
_SEPARATORS = re.compile(r"\s*(?:[,;\n•]|\s-\s|\s–\s|\boraz\b)\s*")


@dataclass(frozen=True)
class UnitMention:
    name: str
    code: str | None = None

    @property
    def abbreviation(self) -> str | None:
        """The leading letters of a code ("MOPS" of "MOPS/OBA"), which usually abbreviate the name."""
        if self.code is None:
            return None
        return re.split(r"[/-]", self.code)[0] or None


def _split_outside_parens(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and (m := _SEPARATORS.match(text, i)) and m.end() > i:
            if m.group().strip(" ") or ch in ",;\n•":
                parts.append(text[start:i])
                start = m.end()
    parts.append(text[start:])
    return [p.strip(" .") for p in parts if p.strip(" .")]


def parse_units(text: str) -> list[UnitMention]:
    mentions: list[UnitMention] = []
    text = _CONTINUED_LINE.sub(" ", " ".join(text.split("\t")))
    for part in _split_outside_parens(text):
        codes = [c.strip() for c in _PARENS.findall(part) if _CODE.match(c.strip())]
        name = " ".join(_PARENS.sub(lambda m: "" if _CODE.match(m.group(1).strip()) else m.group(0), part).split())
        if not name and codes:
            name = codes[0]
        if name:
            mentions.append(UnitMention(name=name, code=codes[0] if codes else None))
    return mentions


def split_units(text: str) -> list[str]:
    """Unit names in a cell, in order, without codes."""
    seen: list[str] = []
    for mention in parse_units(text):
        if mention.name not in seen:
            seen.append(mention.name)
    return seen
