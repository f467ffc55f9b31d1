"""Vocabulary and phrasing partition, read from the data files beside this module."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
SPLITS = ("dev", "heldout")


@dataclass(frozen=True)
class Noun:
    lemma: str
    low: int
    high: int
    value_type: str
    adjectives: tuple[str, ...]
    indicator: tuple[str, ...]
    forms: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Unit:
    name: str
    short: str


@dataclass(frozen=True)
class Vocabulary:
    nouns: tuple[Noun, ...]
    persons: frozenset[str]
    units: tuple[Unit, ...]
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    complements: tuple[str, ...]
    goals: tuple[str, ...]
    money_indicators: tuple[str, ...]
    topics: tuple[str, ...]
    places: tuple[str, ...]

    def noun(self, lemma: str) -> Noun:
        return next(n for n in self.nouns if n.lemma == lemma)


def _lines(name: str) -> tuple[str, ...]:
    text = (DATA / name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    nouns_doc = _json("nouns.json")
    nouns = tuple(
        Noun(
            lemma=n["lemma"],
            low=n["range"][0],
            high=n["range"][1],
            value_type=n["type"],
            adjectives=tuple(n["adjectives"]),
            indicator=tuple(n["indicator"]),
            forms=dict(n.get("forms", {})),
        )
        for n in nouns_doc["nouns"]
    )
    programmes = _json("programmes.json")
    return Vocabulary(
        nouns=nouns,
        persons=frozenset(nouns_doc["persons"]),
        units=tuple(Unit(u["name"], u["short"]) for u in _json("units.json")["units"]),
        verbs=_lines("activity_verbs.txt"),
        objects=_lines("activity_objects.txt"),
        complements=_lines("complements.txt"),
        goals=_lines("goals.txt"),
        money_indicators=_lines("indicator_money.txt"),
        topics=tuple(programmes["topics"]),
        places=tuple(programmes["places"]),
    )


@dataclass(frozen=True)
class Partition:
    """Phrasing families of each group: shared, dev-only, heldout-only."""

    raw: dict[str, Any]

    def families(self, group: str, split: str, sub: str | None = None) -> list[Any]:
        """The families of `group` (optionally its `sub` key) that `split` may use."""
        node = self.raw[group] if sub is None else self.raw[group][sub]
        return list(node["shared"]) + list(node[split])

    def only(self, group: str, split: str, sub: str | None = None) -> list[Any]:
        node = self.raw[group] if sub is None else self.raw[group][sub]
        return list(node[split])


@lru_cache(maxsize=1)
def partition() -> Partition:
    return Partition(_json("partition.json"))
