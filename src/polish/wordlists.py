"""Word lists kept as data files beside the code (src/polish/data/): one word or tab-separated
record per line, '#' starts a comment. Regular expressions stay in the Python modules."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = files("raporty.polish").joinpath("data", name).read_text(encoding="utf-8")
    return [
        line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


@cache
def words(name: str) -> frozenset[str]:
    """The words of a one-word-per-line list."""
    return frozenset(line.strip() for line in _lines(name))


@cache
def mapping(name: str) -> dict[str, str]:
    """First column → second column of a tab-separated list (further columns are notes)."""
    return {key: value for key, value, *_notes in (line.split("\t") for line in _lines(name))}
