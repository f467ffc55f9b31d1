"""Polish lexicon for OCR repair: Morfeusz 2 (SGJP, the one instance of :mod:`raporty.polish.lemmas`)
for validity, wordfreq's list (:mod:`raporty.polish.frequency`) for frequency.

The frequency list is also indexed by folded spelling (diacritics removed), so the forms an
OCR token may stand for are found with a dictionary look-up instead of trying every variant.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from raporty.polish.frequency import is_listed, listed_words
from raporty.polish.frequency import zipf as _zipf
from raporty.polish.lemmas import morfeusz
from raporty.polish.repair_confusions import POLISH_FOLD


@lru_cache(maxsize=200_000)
def analyses(word: str) -> tuple[tuple[str, str], ...]:
    """Morfeusz interpretations of ``word`` as (lemma, tag) pairs; empty when unknown."""
    try:
        result = morfeusz().analyse(word)
    except Exception:  # morfeusz raises on some control characters
        return ()
    pairs = tuple((interp[1], interp[2]) for _start, _end, interp in result)
    if any(tag == "ign" for _lemma, tag in pairs):
        return ()
    return pairs


def is_known(word: str) -> bool:
    """True when Morfeusz (SGJP) recognises ``word`` (case-insensitively)."""
    return bool(analyses(word))


def is_common_word(word: str) -> bool:
    """True when some interpretation of ``word`` has a lowercase lemma (not only a proper name)."""
    return any(lemma[:1].islower() for lemma, _tag in analyses(word))


CASES = frozenset({"nom", "gen", "dat", "acc", "inst", "loc", "voc"})


def _tag_cases(tag: str) -> set[str]:
    cases: set[str] = set()
    for part in tag.split(":"):
        values = set(part.split("."))
        if values <= CASES:
            cases |= values
    return cases


def inflected_cases(word: str) -> frozenset[str]:
    """Grammatical cases ``word`` can be in (nouns, adjectives, participles; empty otherwise)."""
    cases: set[str] = set()
    for _lemma, tag in analyses(word):
        if not tag.startswith("prep"):
            cases |= _tag_cases(tag)
    return frozenset(cases)


ADJECTIVE_TAGS = ("adj:", "ppas:", "pact:")


def adjective_cases(word: str) -> frozenset[str]:
    """Cases ``word`` can be in as an adjective or adjectival participle."""
    cases: set[str] = set()
    for _lemma, tag in analyses(word):
        if tag.startswith(ADJECTIVE_TAGS):
            cases |= _tag_cases(tag)
    return frozenset(cases)


def governed_cases(word: str) -> frozenset[str]:
    """Cases a preposition ``word`` governs (empty when it is not a preposition)."""
    cases: set[str] = set()
    for _lemma, tag in analyses(word):
        if tag.startswith("prep"):
            cases |= _tag_cases(tag)
    return frozenset(cases)


def is_abbreviation(word: str) -> bool:
    return any(tag.startswith("brev") for _lemma, tag in analyses(word))


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` in Polish (0 when unseen); a plain look-up, no tokenising."""
    return _zipf(word)


@lru_cache(maxsize=50_000)
def english_zipf(word: str) -> float:
    """Zipf frequency of ``word`` in English (foreign names and loanwords in Polish reports)."""
    import wordfreq

    return wordfreq.zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def _fold_index() -> Mapping[str, str]:
    """Folded spelling → space-joined frequency-list words with Polish diacritics.

    Words without diacritics are their own key and are looked up in the frequency list
    directly, which keeps the index small (memory). Built once per machine into the user cache
    (:mod:`raporty.polish.index_cache`).
    """
    from raporty.polish.index_cache import cached_index

    return cached_index("repair-fold", _build_fold_index)


def _build_fold_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for word in listed_words():
        key = word.translate(POLISH_FOLD)
        if key != word and word.isalpha():
            index[key] = f"{index[key]} {word}" if key in index else word
    return index


def forms_by_fold(key: str) -> tuple[str, ...]:
    """Frequency-list words whose folded spelling is ``key``."""
    forms = _fold_index().get(key)
    found = tuple(forms.split(" ")) if forms else ()
    if is_listed(key) and key.isalpha():
        found += (key,)
    return found
