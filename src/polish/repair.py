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

from raporty.polish.damage import MIN_OCR_TRACES, has_ocr_traces
from raporty.polish.fold import fold
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
#: Shortest unknown word for which one plain edit (a letter dropped, added, changed or two swapped)
#: is tried when no glyph confusion explains it ("funkgcji" → "funkcji", "wspalny" → "wspólny").
MIN_EDIT_WORD = 6
#: How common (Zipf) the one-edit reading must be, and by how much it must beat the next one.
EDIT_READING_ZIPF = 2.0
EDIT_READING_MARGIN = 0.5
#: Letters tried in one plain edit: the Latin base letters of Polish (diacritics come back from the
#: fold index, as for every reading).
EDIT_LETTERS = "abcdefghijklmnoprstuwyz"


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


def _plain_edits(word: str) -> set[str]:
    """Every spelling one plain edit away from ``word`` (folded, over :data:`EDIT_LETTERS`)."""
    folded = fold(word)
    splits = [(folded[:i], folded[i:]) for i in range(len(folded) + 1)]
    edits = {left + right[1:] for left, right in splits if right}
    edits |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    edits |= {left + c + right[1:] for left, right in splits if right for c in EDIT_LETTERS}
    edits |= {left + c + right for left, right in splits for c in EDIT_LETTERS}
    # one glyph read twice with a stray mark between ("zapewnhnienie": n, h, n for one n)
    edits |= {left + right[2:] for left, right in splits if len(right) > 2 and left[-1:] == right[1]}
    edits.discard(folded)
    return edits


def _is_compound_part(word: str) -> bool:
    """The first half of a compound adjective ("korekcyjno" of "korekcyjno-edukacyjny"): an -o form
    whose -y/-i form is a known adjective. Morfeusz lists these only inside the compound."""
    return word.endswith("o") and any(adjective_cases(word[:-1] + end) for end in ("y", "i"))


@lru_cache(maxsize=20_000)
def one_edit_reading(word: str) -> str | None:
    """The common word one plain edit away from an unknown lowercase ``word``, diacritics restored
    from the fold index ("zapewnhnienie" → "zapewnienie", "rozwaj" → "rozwój"); None when there is
    none or two readings are about as common (an edit is a guess only when it is a clear one)."""
    if len(word) < MIN_EDIT_WORD or is_known(word) or any(c in FOREIGN for c in word):
        return None
    if glued_reading(word) is not None:
        return None  # "dziecii" is "dzieci i", not "dzieci" with a letter too many
    if _is_compound_part(word):
        return None
    scored: dict[str, float] = {}
    for key in _plain_edits(word):
        for form in forms_by_fold(key):
            if form not in scored and zipf(form) >= EDIT_READING_ZIPF and is_common_word(form):
                scored[form] = zipf(form)
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < EDIT_READING_MARGIN):
        return None
    return ranked[0][0]


#: Polish one-letter words (prepositions, conjunctions): the only one-letter parts of a glued word.
ONE_LETTER_WORDS = frozenset("aiouwz")
#: How common (Zipf) a part of a glued word must be, by its length (short letter runs are words by
#: chance: only the very common two- and three-letter words count); at most this many parts.
PART_ZIPF_BY_LENGTH = {2: 5.0, 3: 4.0}
MIN_PART_ZIPF = 3.0
#: Parts this short (one- and two-letter words) may be one of a split only: "dziećmi do lat",
#: not "tu to ringu".
SHORT_PART = 2
MAX_PARTS = 4
#: Shortest glued word that is split.
MIN_GLUED_WORD = 4
#: Zipf of a word is log10 of its frequency per 10^9 words: Zipf − 9 is its log-probability.
ZIPF_PER_BILLION = 9.0


def _part_floor(part: str) -> float:
    return PART_ZIPF_BY_LENGTH.get(len(part), MIN_PART_ZIPF)


@lru_cache(maxsize=100_000)
def _part_reading(part: str) -> tuple[str, float] | None:
    """(reading, score) of a lowercase piece of a glued word: a common word as written, else its
    best glyph-confusion reading ("zycia" → "życia"); None when the piece is no common word."""
    if len(part) == 1:
        return (part, zipf(part)) if part in ONE_LETTER_WORDS else None
    if is_known(part):
        common = is_common_word(part) and zipf(part) >= _part_floor(part)
        return (part, zipf(part)) if common else None
    for reading, score in _readings(part, deep=False):
        if zipf(reading) >= _part_floor(reading) and is_common_word(reading):
            return reading, score
    return None


@lru_cache(maxsize=20_000)
def glued_reading(word: str) -> tuple[str, ...] | None:
    """The words an unknown lowercase ``word`` is made of when OCR lost the spaces between them
    ("dlarodzin" → dla, rodzin; "dzieémidolat" → dziećmi, do, lat), or None.

    Every part must be a common word (or a glyph-confusion reading of one); of several splits the
    most probable sequence of words wins (the sum of the parts' log-frequencies, as word
    segmenters rank splits), which also keeps the parts few.
    """
    if len(word) < MIN_GLUED_WORD or is_known(word) or not word.replace("¢", "c").isalpha():
        return None
    if _is_compound_part(word) or _readings(word, deep=False):
        return None  # "szkolno" of "szkolno-wychowawczy"; "szkola" is one damaged word, "szkoła"
    n = len(word)
    # best[i]: (log-probability, parts) of the best split of word[i:]
    best: list[tuple[float, tuple[str, ...]] | None] = [None] * n + [(0.0, ())]
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n + 1):
            rest = best[j]
            if rest is None or (i == 0 and j == n) or len(rest[1]) >= MAX_PARTS:
                continue
            part = _part_reading(word[i:j])
            short = j - i <= SHORT_PART
            if part is None or (short and any(len(p) <= SHORT_PART for p in rest[1])):
                continue
            candidate = (part[1] - ZIPF_PER_BILLION + rest[0], (part[0], *rest[1]))
            current = best[i]
            if current is None or candidate[0] > current[0]:
                best[i] = candidate
    found = best[0]
    return found[1] if found is not None and len(found[1]) > 1 else None


def split_glued_token(token: str) -> str:
    """``token`` with the spaces OCR lost put back ("Organizacjaw" → "Organizacja w"), in its case;
    unchanged when it is a word, or not made of common words."""
    style = _case_style(token)
    if style is None or style == "upper":
        return token
    lower = token[:1].lower() + token[1:].replace("I", "l").lower()
    parts = glued_reading(lower)
    if parts is None:
        return token
    if style == "title":
        parts = (parts[0][:1].upper() + parts[0][1:], *parts[1:])
    return " ".join(parts)


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
        return (unknown and lowercase and one_edit_reading(word)) or word
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


#: An opening low quote „ as OCR reads it (",", ",,", "»,", "~", an upper quote) right before a
#: word, with the closing quote later on (",Dworek Białoprądnicki”", "~Wspornik – Punkt Wsparcia”").
_OCR_OPENING_QUOTE = re.compile(r"(?:(?<=\s)|^)(?:»?,{1,2}|~|»|[\"“”])(?=[^\W\d_][^,”„]{0,80}”)")


def restore_opening_quotes(text: str) -> str:
    """Opening quotes OCR misread put back as „ (only where a closing ” follows)."""
    return _OCR_OPENING_QUOTE.sub("„", text)


#: An o read as 0 or 6 and cut off its word by a space ("dla 0 sob"), after a word.
_SPLIT_O = re.compile(r"(?<=[^\W\d_] )[06] (?P<rest>[^\W\d_]{2,})\b")


def _rejoin_split_o(text: str) -> str:
    """ "informatora dla 0 sob" → "informatora dla osób": the digit and the letters after it are one
    word when together they read as a common word more frequent than the letters alone ("0 dzieci"
    stays: a count)."""

    def rejoin(match: re.Match[str]) -> str:
        rest = match.group("rest").lower()
        word = "o" + rest
        reading = word if is_common_word(word) else _choose(word, after_number=False, lowercase=True)
        common = is_common_word(reading) and zipf(reading) > zipf(rest)
        return (
            reading
            if common and not (is_common_word(rest) and zipf(rest) >= zipf(reading))
            else match.group()
        )

    return _SPLIT_O.sub(rejoin, text)


#: A one-letter preposition OCR read in capitals (its capital differs from it only in size) between
#: lowercase words: "z dzieckiem Z niepełnosprawnością".
_CAPITAL_PREPOSITION = re.compile(r"(?<=[a-ząćęłńóśźż][ \n])[ZWO](?=[ \n][a-ząćęłńóśźż])")


def _lowercase_prepositions(text: str) -> str:
    return _CAPITAL_PREPOSITION.sub(lambda m: m.group().lower(), text)


def repair_name(text: str) -> str:
    """Repair an activity or unit name: every word as :func:`repair_text` does, and words OCR glued
    together are split again ("dlarodzin" → "dla rodzin"), an o cut off as "0 " joined back, a
    capital one-letter preposition between lowercase words lowercased ("dziecko Z autyzmem"). Only
    names: splitting changes the number of words, which running text keeps."""
    try:
        return _lowercase_prepositions(_rejoin_split_o(_repair_text(text, glued=True)))
    except Exception:
        return text


def split_glued_words(text: str) -> str:
    """Only the glued-word step of :func:`repair_name`, for names in text that needs no other
    repair (born-digital, or repaired already): unknown words made of common words are split."""
    try:
        return _lowercase_prepositions(_rejoin_split_o(_repair_text(text, glued=True, words=False)))
    except Exception:
        return text


def _is_code_part(chunk: str, start: int, end: int) -> bool:
    """Letters glued to a following digit or to an underscore belong to a code ("W3", "_Toc123")."""
    after = chunk[end : end + 1]
    return after.isdigit() or after == "_" or chunk[start - 1 : start] == "_"


def _repair_text(text: str, glued: bool = False, words: bool = True) -> str:
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
            repaired = repair_token(word_match.group(), prev) if words else word_match.group()
            if glued and repaired == word_match.group():
                repaired = split_glued_token(repaired)
            if repaired != word_match.group():
                parts.append(text[position : offset + start])
                parts.append(repaired)
                position = offset + word_match.end()
                if start == 0 and end == len(chunk):
                    repaired_chunk = repaired
        previous_chunk = repaired_chunk
    parts.append(text[position:])
    return "".join(parts)


#: Words shorter than this are not counted as misreadings (too many short names and abbreviations).
MIN_MISREAD_WORD = 4
#: Share of a text's distinct words that must be misread for the text to count as OCR output: a
#: long born-digital report has a typo or two ("Szkola"), OCR output a misread word in every few.
MIN_MISREAD_SHARE = 0.02


#: A whole word (as :data:`WORD` reads them) with no hyphen on either side: "on-line" is no word
#: of its own, neither "on" nor "line".
_UNHYPHENATED_WORD = re.compile(rf"(?<![^\W\d_]|¢)(?<!-)(?>{WORD.pattern})(?!-)")


def misread_words(text: str) -> tuple[int, int]:
    """(misread, checked): of the distinct words of ``text`` checked (four letters or more, not in
    capitals, not part of a hyphenated word such as "on-line"), how many Morfeusz does not know
    while an OCR confusion away from a common word in the fold index ("Naktad" → "Nakład",
    "Wartosć" → "Wartość"). Names stay out: no confusion makes them a common word."""
    words = {
        w for w in _UNHYPHENATED_WORD.findall(text) if len(w) >= MIN_MISREAD_WORD and not w.isupper()
    }  # distinct words, found in C: a long export has hundreds of thousands of them
    found = 0
    for word in words:
        if is_known(word):
            continue
        readings = _readings(word.lower(), deep=False)  # the fold index only: names cost nothing
        if readings and is_common_word(readings[0][0]):
            found += 1
    return found, len(words)


def written_by_ocr(text: str) -> bool:
    """True when ``text`` (a born-digital file's whole text) is OCR output saved as a document: it
    shows OCR glyphs (:func:`~raporty.polish.damage.has_ocr_traces`) or words that only a misread
    letter keeps from being Polish (:func:`misread_words`): at least three, and a share of its
    words that no typist's slips reach."""
    if has_ocr_traces(text):
        return True
    misread, checked = misread_words(text)
    return misread >= MIN_OCR_TRACES and misread >= MIN_MISREAD_SHARE * checked
