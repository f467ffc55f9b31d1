"""Left context of an OCR word for repair: number before it, sentence position, grammar.

Context comes from the text chunk before the word (already repaired when it is a word).
"""

from __future__ import annotations

import re
from functools import lru_cache

from raporty.polish.repair_lexicon import governed_cases, inflected_cases

#: A word: letters (and the OCR glyph ¢), with 6/0 allowed between letters ("kt6rych").
WORD = re.compile(r"(?:[^\W\d_]|¢)+(?:[60](?:[^\W\d_]|¢)+)*")
NUMBER_END = re.compile(r"\d[.,]?$")
#: Unambiguous cases of a preceding word that an adjective after it must agree with.
AGREEMENT_CASES = (frozenset({"inst"}), frozenset({"acc"}))


def _after_number(prev: str | None) -> bool:
    return prev is not None and NUMBER_END.search(prev) is not None


@lru_cache(maxsize=100_000)
def left_context(prev: str | None) -> tuple[bool, bool, frozenset[str], frozenset[str]]:
    """(after a number, mid-sentence, cases a preceding preposition governs, cases to agree with)."""
    return _after_number(prev), _mid_sentence(prev), _governed(prev), _agreed(prev)


def _agreed(prev: str | None) -> frozenset[str]:
    """The one case (instrumental or accusative) a preceding word is unambiguously in."""
    if not prev or not WORD.fullmatch(prev):
        return frozenset()
    cases = inflected_cases(prev.lower())
    return cases if cases in (AGREEMENT_CASES) else frozenset()


def _governed(prev: str | None) -> frozenset[str]:
    """Cases governed by ``prev`` when it is a bare preposition ("z", "przed", "nad")."""
    if not prev or not WORD.fullmatch(prev):
        return frozenset()
    return governed_cases(prev.lower())


def _mid_sentence(prev: str | None) -> bool:
    """True after a word ending in a lowercase letter, a comma or a number ("80 Swiadczen")."""
    if not prev:
        return False
    last = prev[-1]
    return last == "," or last.isdigit() or (last.isalpha() and last.islower())
