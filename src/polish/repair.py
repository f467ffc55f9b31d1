"""Repair Polish words damaged by OCR with an English model ("Spotecznej" → "Społecznej").

A word unknown to Morfeusz 2 (SGJP) is a repair candidate. Its possible readings come from the
OCR confusion tables (:mod:`raporty.polish.repair_confusions`): first through the folded
index of the Polish frequency list, then, for rare forms, by trying confusion positions and
asking Morfeusz. Readings Morfeusz knows are ranked by word frequency minus an edit penalty.
A known word is rewritten only when context demands it (:mod:`raporty.polish.repair_context`):
a unit abbreviation after a number ("12 zt" → "12 zł"), a case the preceding preposition governs
("z rodzina" → "z rodziną"), agreement with an unambiguous instrumental/accusative word before it
("pracą socjalna" → "pracą socjalną"), or a reading that is far more frequent ("sie" → "się").
Case, punctuation, whitespace and numbers are kept exactly; proper names unknown to the
dictionary have no known reading and so stay as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from raporty.polish.repair_confusions import FOREIGN, candidates, confusion_edits, fold_keys
from raporty.polish.repair_context import WORD, left_context
from raporty.polish.repair_lexicon import (
    adjective_cases,
    english_zipf,
    forms_by_fold,
    inflected_cases,
    is_abbreviation,
    is_common_word,
    is_known,
    zipf,
)

CHUNK = re.compile(r"\S+")
#: Uppercase OCR glyphs that stand for a lowercase diacritic letter inside a word ("OSrodek").
UPPER_GLITCHES = frozenset("SZIO")
#: Capitals OCR reads from a lowercase ś/ź/ż (the accent makes the glyph as tall as a capital).
TALL_GLITCHES = {"s": "ś", "z": "źż"}
#: ALL-CAPS words shorter than this are taken for acronyms (see ``_repair_short_caps``).
MIN_CAPS_WORD = 5
#: How common (Zipf) the reading of a short ALL-CAPS word must be.
SHORT_CAPS_ZIPF = 4.0
#: ALL-CAPS words shorter than this are always acronyms ("SA", "MOW", "OIK").
SHORT_CAPS_MIN = 4
#: A capitalised word unknown to Morfeusz but this frequent in English is a foreign name ("Cafe").
FOREIGN_NAME_ZIPF = 4.0
#: Chunks that are addresses, not prose.
ADDRESS = re.compile(r"@|://|www\.|\.(?:pl|com|org|net|eu|gov|edu)\b", re.IGNORECASE)
#: Zipf points one edit costs when ranking readings.
EDIT_PENALTY = 0.6
#: How much more frequent (Zipf points) a reading must be to replace a known word.
KNOWN_WORD_MARGIN = 0.8
#: Largest number of changed positions tried when generating readings without the index.
MAX_EDITS = 4
SEARCH_LIMIT = 5000
#: Longer tokens are not words (no Polish word form is this long); they are left alone.
MAX_WORD_LENGTH = 40
#: Only the end of the left context matters; longer chunks are cut (keeps the cache small).
MAX_CONTEXT = 40
#: Shortest word in which a dropped ł is looked for.
MIN_INSERTION_WORD = 6


def _case_style(token: str) -> str | None:
    """'upper', 'title' or 'lower'; None for genuinely mixed case (left alone)."""
    letters = [c for c in token if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    interior_upper = {c for c in letters[1:] if c.isupper()}
    if not interior_upper <= UPPER_GLITCHES:
        return None
    return "title" if letters[0].isupper() else "lower"


def _apply_case(reading: str, style: str, original_lower: str, mid_sentence: bool) -> str:
    if style == "upper":
        return reading.upper()
    if style == "title":
        # "w Srodowisku" → "w środowisku": a capital read from Ś/Ź mid-sentence is a glyph error.
        first = original_lower[:1]
        lowered = mid_sentence and reading[:1] in TALL_GLITCHES.get(first, "") and is_common_word(reading)
        return reading if lowered else reading[:1].upper() + reading[1:]
    return reading


def _score(reading: str, edits: int) -> float:
    return zipf(reading) - EDIT_PENALTY * edits


def _indexed_readings(word: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for key in fold_keys(word):
        for form in forms_by_fold(key):
            if form not in found and is_known(form):
                edits = confusion_edits(word, form)
                if edits is not None:
                    found[form] = _score(form, edits)
    return found


@lru_cache(maxsize=100_000)
def _readings(word: str, deep: bool = True) -> tuple[tuple[str, float], ...]:
    """Known readings of lowercase ``word`` as (reading, score), best first.

    ``deep`` also tries a dropped ł and, for forms missing from the frequency list, every
    confusion combination checked against Morfeusz (used for unknown words only).
    """
    found = _indexed_readings(word)
    found.pop(word, None)
    min_edits = 0
    if deep and not found and len(word) >= MIN_INSERTION_WORD:
        # A thin ł is sometimes dropped altogether ("niepenosprawnych").
        for position in range(1, len(word) + 1):
            widened = word[:position] + "ł" + word[position:]
            for form, score in _indexed_readings(widened).items():
                found.setdefault(form, score - EDIT_PENALTY)
    if deep and not found:
        for form, edits in candidates(word, MAX_EDITS, SEARCH_LIMIT):
            if found and edits > min_edits:
                break  # readings with fewer changes exist: stop at their level
            if form not in found and is_known(form):
                found[form] = _score(form, edits)
                min_edits = edits
    found.pop(word, None)
    return tuple(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def _governed_reading(readings: tuple[tuple[str, float], ...], governed: frozenset[str]) -> str | None:
    """Best reading in a case the preceding preposition governs ("przed szkola" → "szkołą")."""
    for reading, _score in readings:
        if inflected_cases(reading) & governed:
            return reading
    return None


def _choose(
    word: str,
    after_number: bool,
    governed: frozenset[str] = frozenset(),
    agreed: frozenset[str] = frozenset(),
    lowercase: bool = False,
) -> str:
    has_foreign = any(c in FOREIGN for c in word)
    # Written in lowercase, a word the dictionary knows only as a proper name ("beda") is suspect.
    unknown = has_foreign or not is_known(word) or (lowercase and not is_common_word(word))
    readings = _readings(word, deep=unknown)
    if not readings:
        return word
    best, best_score = readings[0]
    best_fits = not governed or not inflected_cases(best) or bool(inflected_cases(best) & governed)
    if unknown:
        if not best_fits:
            best = _governed_reading(readings, governed) or best
        elif agreed and adjective_cases(best) and not adjective_cases(best) & agreed:
            best = next((r for r, _s in readings if adjective_cases(r) & agreed), best)
        return best if has_foreign or zipf(best) >= zipf(word) else word
    if len(word) < 2:
        return word
    if after_number and not is_abbreviation(word):
        for reading, _score_value in readings:
            if is_abbreviation(reading) and len(reading) == len(word):
                return reading
    own_cases = inflected_cases(word)
    if governed and own_cases and not own_cases & governed:
        # "z rodzina" → "z rodziną": the preposition rules out the form the OCR produced.
        governed_form = _governed_reading(readings, governed)
        if governed_form is not None and len(governed_form) == len(word):
            return governed_form
    if agreed and own_cases and not own_cases & agreed:
        # "pracą socjalna" → "pracą socjalną": an adjective agrees with the noun before it.
        for reading, _score_value in readings:
            if adjective_cases(reading) & agreed and len(reading) == len(word):
                return reading
    if best_fits and best_score - zipf(word) >= KNOWN_WORD_MARGIN - EDIT_PENALTY:
        return best
    return word


def _repair_short_caps(token: str, lower: str) -> str:
    """A short ALL-CAPS word is usually an acronym: a four-letter one is repaired only by one
    confusion into a common word ("OSOB" → "OSÓB"); shorter ones stay ("SA", "MOW")."""
    if len(lower) < SHORT_CAPS_MIN or is_common_word(lower):
        return token
    for reading, _score_value in _readings(lower, deep=False):
        if confusion_edits(lower, reading) == 1 and zipf(reading) >= SHORT_CAPS_ZIPF:
            return reading.upper()
    return token


@lru_cache(maxsize=200_000)
def _repair_cached(
    token: str,
    after_number: bool,
    mid_sentence: bool,
    governed: frozenset[str] = frozenset(),
    agreed: frozenset[str] = frozenset(),
) -> str:
    style = _case_style(token)
    if style is None or not any(c.isalpha() for c in token):
        return token
    if style == "upper":
        lower = token.lower()
        if len(token) < MIN_CAPS_WORD and not any(c in FOREIGN for c in lower):
            return _repair_short_caps(token, lower)
    else:
        # Inside a lowercase word a capital I is an l (or ł) read as I ("wspdIpracy").
        lower = token[:1].lower() + token[1:].replace("I", "l").lower()
    if style == "title" and english_zipf(lower) >= FOREIGN_NAME_ZIPF and not is_known(lower):
        return token
    reading = _choose(lower, after_number, governed, agreed, lowercase=style == "lower")
    if reading == lower and (lower == token.lower() or not is_known(lower)):
        return token
    return _apply_case(reading, style, lower, mid_sentence)


def repair_token(token: str, prev: str | None = None, next: str | None = None) -> str:  # noqa: A002
    """Repair one OCR word. ``prev``/``next`` are the neighbouring text chunks (may be None).

    Returns ``token`` unchanged when it is known, has no known reading, or on any error.
    """
    del next  # reserved for right-context rules
    try:
        if len(token) > MAX_WORD_LENGTH or not WORD.fullmatch(token):
            return token
        if prev and len(prev) > MAX_CONTEXT:
            prev = "…" + prev[-MAX_CONTEXT:]  # the ellipsis keeps a cut chunk from passing for a word
        return _repair_cached(token, *left_context(prev))
    except Exception:
        return token


def repair_text(text: str) -> str:
    """Repair every word of ``text``; everything between words is kept byte for byte."""
    try:
        return _repair_text(text)
    except Exception:
        return text


def _is_code_part(chunk: str, start: int, end: int) -> bool:
    """Letters glued to a following digit or to an underscore belong to a code ("W3", "_Toc123")."""
    after = chunk[end : end + 1]
    return after.isdigit() or after == "_" or chunk[start - 1 : start] == "_"


def _repair_text(text: str) -> str:
    parts: list[str] = []
    position = 0
    previous_chunk: str | None = None
    previous_end = 0
    for chunk_match in CHUNK.finditer(text):
        chunk = chunk_match.group()
        offset = chunk_match.start()
        if "\n" in text[previous_end:offset]:
            previous_chunk = None  # a line start is often a cell or paragraph start
        previous_end = chunk_match.end()
        if ADDRESS.search(chunk):
            previous_chunk = chunk
            continue
        repaired_chunk = chunk  # left context for the next chunk is the repaired text
        for word_match in WORD.finditer(chunk):
            start, end = word_match.span()
            if _is_code_part(chunk, start, end):
                continue
            prev = chunk[:start] if start else previous_chunk
            repaired = repair_token(word_match.group(), prev)
            if repaired != word_match.group():
                parts.append(text[position : offset + start])
                parts.append(repaired)
                position = offset + word_match.end()
                if start == 0 and end == len(chunk):
                    repaired_chunk = repaired
        previous_chunk = repaired_chunk
    parts.append(text[position:])
    return "".join(parts)
