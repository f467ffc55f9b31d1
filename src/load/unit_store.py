"""The SQL half of unit resolution: dim_unit and unit_alias rows read and written for the resolver.

The matching rules (aliases, initials, fuzzy names) are in :mod:`raporty.normalize.unit_resolver`,
which only talks to this store; the writer is handed a resolver built on it by the ingest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb


class UnitStore:
    """dim_unit / unit_alias / bridge_activity_unit statements of one writer connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def aliases(self) -> dict[str, int]:
        return dict(self.con.execute("SELECT alias, unit_id FROM unit_alias").fetchall())

    def names(self) -> dict[int, str]:
        return dict(self.con.execute("SELECT unit_id, name FROM dim_unit").fetchall())

    def abbreviations(self) -> dict[int, str | None]:
        return dict(self.con.execute("SELECT unit_id, abbreviation FROM dim_unit").fetchall())

    def add_aliases(self, rows: Sequence[tuple[str, int, str]]) -> None:
        """(alias key, unit id, kind) rows; an alias already stored is kept."""
        if rows:
            aliases, units, kinds = (list(column) for column in zip(*rows, strict=True))
            self.con.execute(
                "INSERT INTO unit_alias SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]) "
                "ON CONFLICT DO NOTHING",
                [aliases, units, kinds],
            )

    def delete_alias(self, alias: str) -> None:
        self.con.execute("DELETE FROM unit_alias WHERE alias = ?", [alias])

    def create(self, name: str) -> int:
        return int(
            self.con.execute("INSERT INTO dim_unit (name) VALUES (?) RETURNING unit_id", [name]).fetchall()[
                0
            ][0]
        )

    def rename(self, unit_id: int, name: str) -> None:
        self.con.execute("UPDATE dim_unit SET name = ? WHERE unit_id = ?", [name, unit_id])

    def set_abbreviation(self, unit_id: int, abbreviation: str) -> None:
        self.con.execute("UPDATE dim_unit SET abbreviation = ? WHERE unit_id = ?", [abbreviation, unit_id])

    def merge(self, source: int, target: int) -> None:
        """Move the bridge rows and aliases of unit ``source`` to ``target`` and drop ``source``."""
        con = self.con
        con.execute(
            "INSERT INTO bridge_activity_unit SELECT document_id, activity_id, ?, position, code "
            "FROM bridge_activity_unit WHERE unit_id = ? ON CONFLICT DO NOTHING",
            [target, source],
        )
        con.execute("DELETE FROM bridge_activity_unit WHERE unit_id = ?", [source])
        con.execute("UPDATE unit_alias SET unit_id = ? WHERE unit_id = ?", [target, source])
        con.execute("DELETE FROM dim_unit WHERE unit_id = ?", [source])

    def drop_unlinked(self, keep: Iterable[int]) -> list[int]:
        """Delete the units no bridge row links to, except ``keep``, with their aliases; their ids."""
        unused = [
            u
            for (u,) in self.con.execute(
                "SELECT unit_id FROM dim_unit WHERE unit_id NOT IN (SELECT unit_id FROM bridge_activity_unit) "
                "AND NOT list_contains(?::INTEGER[], unit_id)",
                [sorted(set(keep))],
            ).fetchall()
        ]
        if unused:
            self.con.execute("DELETE FROM unit_alias WHERE list_contains(?::INTEGER[], unit_id)", [unused])
            self.con.execute("DELETE FROM dim_unit WHERE list_contains(?::INTEGER[], unit_id)", [unused])
        return unused
