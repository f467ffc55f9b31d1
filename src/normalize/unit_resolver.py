"""Resolve unit mentions to one entity per unit, learning aliases from the documents.

Order of evidence: the editable alias file (schemas/unit_aliases.csv: alias → canonical name),
aliases already in the warehouse (full names, abbreviations, codes), an abbreviation learnt from a
code ("… (MOPS/OBA)" teaches that MOPS is that unit), initials of the name ("Miejski Ośrodek Pomocy
Społecznej" ↔ MOPS), and finally a fuzzy name match (rapidfuzz) for spelling variants.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib.resources import files

import duckdb
from rapidfuzz import fuzz, process
from raporty.extract.columns import fold
from raporty.normalize.units import UnitMention

FUZZY_THRESHOLD = 92.0
_LOWER_WORDS = {"i", "w", "z", "ds", "do", "na", "im", "oraz", "dla", "o"}


def alias_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w/]+", " ", fold(text)).split())


def initials(name: str) -> str:
    """"Miejski Ośrodek Pomocy Społecznej" → "MOPS" (lowercase joining words skipped)."""
    words = [w for w in re.findall(r"[\wąćęłńóśźżĄĆĘŁŃÓŚŹŻ]+", name) if w.lower() not in _LOWER_WORDS]
    return "".join(w[0] for w in words).upper()


@lru_cache(maxsize=1)
def alias_file() -> dict[str, str]:
    """alias key → canonical name, from the editable schemas/unit_aliases.csv."""
    text = files("raporty.schemas").joinpath("unit_aliases.csv").read_text(encoding="utf-8")
    return {alias_key(r["alias"]): r["canonical"].strip() for r in csv.DictReader(text.splitlines()) if r.get("alias")}


def _abbreviates(abbreviation: str | None, name: str) -> bool:
    """A code prefix counts as the unit's abbreviation only when it spells the name's initials."""
    return bool(abbreviation) and (initials(name) == abbreviation or abbreviation in name.split())


class UnitResolver:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.aliases: dict[str, int] = dict(con.execute("SELECT alias, unit_id FROM unit_alias").fetchall())
        self.names: dict[int, str] = dict(con.execute("SELECT unit_id, name FROM dim_unit").fetchall())

    def _add_alias(self, alias: str, unit_id: int, kind: str) -> None:
        key = alias_key(alias)
        if key and key not in self.aliases:
            self.aliases[key] = unit_id
            self.con.execute("INSERT INTO unit_alias VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [key, unit_id, kind])

    def _create(self, name: str) -> int:
        abbreviation = initials(name) if len(initials(name)) >= 2 else None
        unit_id = self.con.execute(
            "INSERT INTO dim_unit (name, abbreviation) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET name = excluded.name "
            "RETURNING unit_id", [name, abbreviation]
        ).fetchall()[0][0]
        self.names[unit_id] = name
        self._add_alias(name, unit_id, "name")
        return unit_id

    def resolve(self, mention: UnitMention) -> int:
        name = mention.name
        canonical = alias_file().get(alias_key(name), name)
        key = alias_key(canonical)
        unit_id = self.aliases.get(key)
        abbreviation = mention.abbreviation if _abbreviates(mention.abbreviation, canonical) else None
        if unit_id is None and abbreviation:
            unit_id = self.aliases.get(alias_key(abbreviation))
        if unit_id is None and name.isupper() and len(name) <= 8:  # a bare abbreviation: match initials
            unit_id = next((u for u, n in self.names.items() if initials(n) == name), None)
        if unit_id is None and self.names:
            match = process.extractOne(canonical, self.names, scorer=fuzz.token_sort_ratio, processor=fold)
            if match and match[1] >= FUZZY_THRESHOLD:
                unit_id = match[2]
                self._add_alias(name, unit_id, "fuzzy")
        if unit_id is None:
            unit_id = self._create(canonical)
        self._add_alias(name, unit_id, "name")
        if mention.code:
            self._add_alias(mention.code, unit_id, "code")
            if abbreviation and abbreviation != mention.code:
                self._add_alias(abbreviation, unit_id, "abbreviation")
        return unit_id


def resolve_units(con: duckdb.DuckDBPyConnection, norm, document_id: int) -> list[tuple[str, int, int, str | None]]:
    """Rows (normalised activity, unit_id, position, code) for the bridge table."""
    from raporty.load.warehouse import normalised_name

    resolver = UnitResolver(con)
    rows = []
    for (activity, _table), mentions in norm.units.items():
        for position, mention in enumerate(mentions):
            rows.append((normalised_name(activity), resolver.resolve(mention), position, mention.code))
    return rows
