"""Resolve unit mentions to one entity per unit, learning aliases from the documents.

Evidence, in order (see docs/units.md):

1. the editable alias file (``schemas/unit_aliases.csv``: alias → canonical name; or the file named
   by ``$RAPORTY_UNIT_ALIASES``, :attr:`raporty.settings.Settings.unit_aliases`): the mention is read as its canonical name, and two units the file
   names as one are merged in the warehouse;
2. aliases already in the warehouse (every name, abbreviation and code seen before);
3. an abbreviation learnt from a code or a parenthesis when it spells the name's initials
   ("Gminny Ośrodek Pomocy Społecznej (GOPS/DS)" teaches that GOPS is that unit; "WS/01" on
   "Wydział Spraw Społecznych UG" is kept as a code only);
4. initials: a bare abbreviation ("MOPS") is the one unit whose name has those initials, and a full
   name takes over a unit so far known only by its abbreviation;
5. a fuzzy name match (rapidfuzz, ≥ ``settings.unit_fuzzy_threshold``) for spelling and OCR variants, vetoed
   when the names differ by a dictionary word: "Wydział Spraw Społecznych, Równości i Zdrowia UG"
   is not "Wydział Spraw Społecznych i Zdrowia UG" (a renamed department is a new name; merge the
   two in the alias file if they are one unit for you);
6. otherwise a new unit.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz, process

from raporty.polish.abbreviations import is_abbreviation
from raporty.polish.fold import fold
from raporty.polish.lemmas import Reading, analyse
from raporty.polish.names import normalised_name
from raporty.polish.wordlists import words
from raporty.row_records import UnitMention
from raporty.settings import settings

_JOINING_WORDS = words("joining_words.txt")
_WORDS = re.compile(r"[^\W\d_]+")
_MIN_INITIALS = 3


@lru_cache(maxsize=65536)
def alias_key(text: str) -> str:
    """The form aliases are stored and compared in: folded case/diacritics, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w/]+", " ", fold(text)).split())


def is_bare_abbreviation(name: str) -> bool:
    """ "MOPS", "PCPR": one upper-case word, no full name."""
    words = name.split()
    return len(words) == 1 and is_abbreviation("".join(_WORDS.findall(words[0]))) and len(words[0]) <= 10


def initials(name: str) -> str:
    """ "Miejski Ośrodek Pomocy Społecznej" → "MOPS" (joining words like "i", "w", "ds." skipped)."""
    words = [w for w in _WORDS.findall(name) if w.lower() not in _JOINING_WORDS]
    return "".join(w[0] for w in words).upper()


def abbreviates(abbreviation: str | None, name: str) -> bool:
    """Whether ``abbreviation`` spells the initials of ``name`` (trailing abbreviations such as
    "UMK" in "Wydział Edukacji UMK" may be left out)."""
    if not abbreviation or len(abbreviation) < 2 or is_bare_abbreviation(name):
        return False
    words = [w for w in _WORDS.findall(name) if w.lower() not in _JOINING_WORDS]
    while words and is_abbreviation(words[-1]) and len(words) > 1:
        if initials(" ".join(words)) == abbreviation.upper():
            return True
        words = words[:-1]
    return initials(" ".join(words)) == abbreviation.upper()


# similarity ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Word:
    lemmas: frozenset[str]
    known: bool  # a dictionary word (Morfeusz knows it)
    abbreviation: bool = False


@lru_cache(maxsize=65536)
def _word(word: str) -> _Word:
    if is_abbreviation(word):
        return _Word(frozenset({fold(word)}), False, True)
    readings = analyse(word)
    if not readings:
        return _Word(frozenset({fold(word)}), False)
    return _Word(frozenset(fold(r.lemma) for r in readings), True)


def _content_word_texts(name: str) -> list[str]:
    return [w for w in _WORDS.findall(name) if w.lower() not in _JOINING_WORDS]


@lru_cache(maxsize=65536)
def _content_words(name: str) -> tuple[_Word, ...]:
    return tuple(_word(w) for w in _content_word_texts(name))


@lru_cache(maxsize=65536)
def lemma_key(name: str) -> str:
    """The name with each word replaced by its (first) lemma: "organizacje pozarządowe" and
    "organizacja pozarządowa" share it."""
    return " ".join(min(w.lemmas) for w in _content_words(name))


def name_readings(names: Iterable[str]) -> dict[str, tuple[Reading, ...]]:
    """Morfeusz's readings of every word of ``names`` that comparing them analyses (see
    :func:`_word`): what a document's reader hands the writer, which remembers them
    (:func:`raporty.polish.lemmas.remember`) instead of loading the dictionary."""
    return {
        word: analyse(word)
        for name in names
        for word in _content_word_texts(name)
        if not is_abbreviation(word)  # (an abbreviation is not analysed)
    }


def _lemmas(words: Iterable[_Word]) -> frozenset[str]:
    return frozenset().union(*(w.lemmas for w in words))


def differ_by_dictionary_word(a: str, b: str) -> bool:
    """Whether one name has a dictionary word the other lacks, with no unknown (OCR-damaged) word in
    the other that could stand for it: then they are two names, not two spellings of one."""
    words_a, words_b = _content_words(a), _content_words(b)
    for mine, other in ((words_a, words_b), (words_b, words_a)):
        other_lemmas, my_lemmas = _lemmas(other), _lemmas(mine)
        extra = [w for w in mine if w.known and not (w.lemmas & other_lemmas)]
        damaged = [w for w in other if not w.known and not w.abbreviation and not (w.lemmas & my_lemmas)]
        if extra and not damaged:
            return True
    return False


def spelling_quality(name: str) -> float:
    """Share of the name's words that are dictionary words or abbreviations (1.0 = no OCR damage)."""
    words = _content_words(name)
    return sum(w.known or w.abbreviation for w in words) / len(words) if words else 0.0


def name_similarity(a: str, b: str) -> float:
    """0–100: how likely two unit names are spellings of one name (0 when they differ by a word)."""
    if is_bare_abbreviation(a) or is_bare_abbreviation(b) or differ_by_dictionary_word(a, b):
        return 0.0
    return max(fuzz.ratio(alias_key(a), alias_key(b)), fuzz.ratio(lemma_key(a), lemma_key(b)))


# alias file ------------------------------------------------------------------------------------------
def alias_file_path() -> Path | None:
    """The user's alias file (``$RAPORTY_UNIT_ALIASES``), else None (the packaged file)."""
    return settings.unit_aliases


def parse_alias_csv(text: str) -> dict[str, str]:
    """alias key → canonical name from ``alias,canonical`` CSV text (lines starting with # skipped)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    out: dict[str, str] = {}
    for row in csv.DictReader(lines):
        alias, canonical = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
        if alias and canonical:
            out[alias_key(alias)] = canonical  # alias = canonical pins a spelling as a unit of its own
    return out


@lru_cache(maxsize=4)
def _read_alias_file(path: Path | None, _mtime: float) -> dict[str, str]:
    if path is None:
        text = files("raporty.schemas").joinpath("unit_aliases.csv").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8-sig")
    return parse_alias_csv(text)


def alias_file() -> dict[str, str]:
    """alias key → canonical name, from the editable alias file."""
    path = alias_file_path()
    return _read_alias_file(path, path.stat().st_mtime if path is not None else 0.0)


# resolver --------------------------------------------------------------------------------------------
class UnitStorage(Protocol):
    """Where units and aliases are kept (the warehouse's :class:`raporty.load.unit_store.UnitStore`)."""

    def aliases(self) -> dict[str, int]: ...
    def names(self) -> dict[int, str]: ...
    def abbreviations(self) -> dict[int, str | None]: ...
    def add_aliases(self, rows: Sequence[tuple[str, int, str]]) -> None: ...
    def delete_alias(self, alias: str) -> None: ...
    def create(self, name: str) -> int: ...
    def rename(self, unit_id: int, name: str) -> None: ...
    def set_abbreviation(self, unit_id: int, abbreviation: str) -> None: ...
    def merge(self, source: int, target: int) -> None: ...
    def drop_unlinked(self, keep: Iterable[int]) -> list[int]: ...


class UnitResolver:
    """Maps mentions to the units of one store, creating new units and learning aliases.

    New aliases are written in batches: call :meth:`flush` when done (:meth:`resolve_document` does).
    """

    def __init__(self, store: UnitStorage) -> None:
        self.store = store
        self.aliases: dict[str, int] = store.aliases()
        self.names: dict[int, str] = store.names()
        self.abbreviations: dict[int, str | None] = store.abbreviations()
        self._pending: list[tuple[str, int, str]] = []
        self.alias_file = alias_file()  # read once: a resolver lives for one batch of documents
        self._keys: dict[int, tuple[str, str]] = {}  # unit → (alias key, lemma key) of its name, for fuzzy
        for unit_id, name in self.names.items():
            self._remember_name(unit_id, name)
        self.apply_alias_file()

    def _remember_name(self, unit_id: int, name: str) -> None:
        self.names[unit_id] = name
        if is_bare_abbreviation(name):
            self._keys.pop(unit_id, None)
        else:
            self._keys[unit_id] = (alias_key(name), lemma_key(name))

    def flush(self) -> None:
        """Write the aliases learnt since the last flush."""
        if self._pending:
            self.store.add_aliases(self._pending)
            self._pending = []

    # writes ----------------------------------------------------------------------------------------
    def _add_alias(self, alias: str, unit_id: int, kind: str) -> None:
        key = alias_key(alias)
        if key and key not in self.aliases:
            self.aliases[key] = unit_id
            self._pending.append((key, unit_id, kind))

    def _create(self, name: str) -> int:
        unit_id = self.store.create(name)
        self._remember_name(unit_id, name)
        self.abbreviations[unit_id] = None
        self._add_alias(name, unit_id, "name")
        return unit_id

    def _rename(self, unit_id: int, name: str) -> None:
        if self.names.get(unit_id) == name or name in self.names.values():
            return
        self.store.rename(unit_id, name)
        self._remember_name(unit_id, name)
        self._add_alias(name, unit_id, "name")

    def _set_abbreviation(self, unit_id: int, abbreviation: str) -> None:
        if self.abbreviations.get(unit_id) is None:
            self.store.set_abbreviation(unit_id, abbreviation)
            self.abbreviations[unit_id] = abbreviation
        self._add_alias(abbreviation, unit_id, "abbreviation")

    def merge(self, source: int, target: int) -> None:
        """Move everything of unit ``source`` (bridge rows, aliases) to ``target`` and drop ``source``."""
        self.flush()
        self.store.merge(source, target)
        source_abbreviation = self.abbreviations.get(source)
        if self.abbreviations.get(target) is None and source_abbreviation:
            self.store.set_abbreviation(target, source_abbreviation)
            self.abbreviations[target] = source_abbreviation
        self.aliases = {k: (target if v == source else v) for k, v in self.aliases.items()}
        self.names.pop(source, None)
        self._keys.pop(source, None)
        self.abbreviations.pop(source, None)

    def apply_alias_file(self) -> None:
        """Make the warehouse agree with the alias file: merge units it names as one, rename to canonical."""
        for alias, canonical in self.alias_file.items():
            source = self.aliases.get(alias)
            if source is None:
                continue
            if alias_key(canonical) == alias:  # pinned: undo an earlier fuzzy or initials match
                if alias_key(self.names.get(source, "")) != alias:
                    self.flush()
                    self.store.delete_alias(alias)
                    del self.aliases[alias]
                continue
            target = self.aliases.get(alias_key(canonical))
            if target is not None and target != source:
                self.merge(source, target)
            elif target is None:
                self._rename(source, canonical)

    def drop_unused(self, keep: Iterable[int]) -> int:
        """Delete units no document links to any more (their document was reloaded without them),
        except ``keep``; returns how many. Call after the document's old bridge rows are gone."""
        self.flush()
        unused = self.store.drop_unlinked(keep)
        if unused:
            for unit_id in unused:
                self.names.pop(unit_id, None)
                self._keys.pop(unit_id, None)
                self.abbreviations.pop(unit_id, None)
            self.aliases = {k: v for k, v in self.aliases.items() if v not in set(unused)}
        return len(unused)

    # lookups ---------------------------------------------------------------------------------------
    def _by_initials(self, abbreviation: str) -> int | None:
        """The one unit with a full name spelling ``abbreviation``; None when none or several."""
        if len(abbreviation) < _MIN_INITIALS:
            return None
        found = {u for u, n in self.names.items() if abbreviates(abbreviation, n)}
        return found.pop() if len(found) == 1 else None

    def _known_only_by_abbreviation(self, name: str) -> int | None:
        """A unit so far named only by an abbreviation that spells ``name``'s initials."""
        found = {u for u, n in self.names.items() if is_bare_abbreviation(n) and abbreviates(n, name)}
        found = {u for u in found if len(self.names[u]) >= _MIN_INITIALS}
        return found.pop() if len(found) == 1 else None

    def _fuzzy(self, name: str) -> int | None:
        """The most similar unit at or above the threshold; candidates are prefiltered with
        rapidfuzz's C scorer on both keys (name_similarity is the max of those two ratios)."""
        if is_bare_abbreviation(name) or not self._keys:
            return None
        candidates: set[int] = set()
        for i, key in enumerate((alias_key(name), lemma_key(name))):
            keys = {u: k[i] for u, k in self._keys.items()}
            found = process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=settings.unit_fuzzy_threshold, limit=20
            )
            candidates.update(unit_id for _key, _score, unit_id in found)
        scored = [(name_similarity(name, self.names[u]), -u) for u in candidates]
        best = max(scored, default=(0.0, 0))
        return -best[1] if best[0] >= settings.unit_fuzzy_threshold else None

    def _find(
        self, canonical: str, name: str, abbreviation: str | None, pinned: bool
    ) -> tuple[int | None, str]:
        """(unit id or None, how it was found: name | abbreviation | fuzzy), steps 2–5 of the module doc."""
        unit_id = self.aliases.get(alias_key(canonical)) or self.aliases.get(alias_key(name))
        if unit_id is None and abbreviation:
            unit_id = self.aliases.get(alias_key(abbreviation))
        if unit_id is not None or pinned:
            return unit_id, "name"
        if is_bare_abbreviation(canonical):
            return self._by_initials(canonical), "abbreviation"
        unit_id = self._known_only_by_abbreviation(canonical)
        if unit_id is not None:
            return unit_id, "name"
        return self._fuzzy(canonical), "fuzzy"

    def resolve(self, mention: UnitMention) -> int:
        """The unit id of ``mention`` (created when new), recording what the mention teaches."""
        name = mention.name
        key = alias_key(name)
        canonical = self.alias_file.get(key, name)
        pinned = key in self.alias_file and alias_key(canonical) == key
        bare = is_bare_abbreviation(canonical)
        abbreviation = mention.abbreviation if abbreviates(mention.abbreviation, canonical) else None
        unit_id, kind = self._find(canonical, name, abbreviation, pinned)
        if unit_id is None:
            unit_id, kind = self._create(canonical), "name"
        current = self.names[unit_id]
        full_name_for_abbreviation = not bare and is_bare_abbreviation(current)
        cleaner = kind == "fuzzy" and spelling_quality(canonical) > spelling_quality(current)
        if full_name_for_abbreviation or canonical != name or cleaner:
            self._rename(unit_id, canonical)
        self._add_alias(canonical, unit_id, kind)
        self._add_alias(name, unit_id, kind)
        if bare and (self.names[unit_id] == canonical or abbreviates(canonical, self.names[unit_id])):
            self._set_abbreviation(unit_id, canonical)
        if abbreviation:
            self._set_abbreviation(unit_id, abbreviation)
        if mention.code and mention.code != abbreviation:
            self._add_alias(mention.code, unit_id, "code")
        return unit_id

    def resolve_document(
        self, units: dict[tuple[str, int], list[UnitMention]], drop_unused: bool = True
    ) -> list[tuple[str, int, int, str | None]]:
        """Rows (normalised activity, unit_id, position, code) for the bridge table of one document.

        ``units``: (activity, table) → the units its row names. ``drop_unused``: the document replaces
        an earlier load of itself, whose bridge rows are gone, so units nobody names any more are
        deleted (a new document cannot leave a unit unnamed)."""
        mentions = [m for found in units.values() for m in found]
        frequency = Counter(alias_key(m.name) for m in mentions)
        # Cleanest and most used spellings first, so that they name the units they create.
        unit_of = {
            mention: self.resolve(mention)
            for mention in sorted(
                set(mentions),
                key=lambda m: (-spelling_quality(m.name), -frequency[alias_key(m.name)], m.name),
            )
        }
        rows = [
            (normalised_name(activity), unit_of[mention], position, mention.code)
            for (activity, _table), found in units.items()
            for position, mention in enumerate(found)
        ]
        if drop_unused:
            self.drop_unused(unit_id for _activity, unit_id, _position, _code in rows)
        else:
            self.flush()
        return rows
