"""Head-noun lemmas of counted things ("12 spotkań" → "spotkanie") with Morfeusz 2 (SGJP).

The head noun is the first noun after the number, skipping adjectives and participles that
precede it ("14 realizowanych Programów" → "program"). Among Morfeusz readings, common-noun
(``subst``) readings win over gerunds (``ger``), and readings agreeing with the numeral
(1 → singular nominative, 2–4 → plural nominative, 5+ → plural genitive) win over the rest.

OCR damage ("ustug", "oséb", "szkot") is handled by a fallback: when a word is unknown to
Morfeusz, or is a rare word whose diacritic-folded form belongs to a much more frequent Polish
word, the frequent word (from wordfreq's list, :mod:`raporty.polish.frequency`) is analysed instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice, product

import morfeusz2

from raporty.polish.abbreviations import is_abbreviation
from raporty.polish.frequency import frequency
from raporty.polish.wordlists import mapping

_NOUN_POS = ("subst", "ger")
_MODIFIER_POS = {"adj", "adja", "adjp", "adjc", "ppas", "pact"}
_STOP_POS = {"prep", "conj", "comp", "fin", "praet", "inf", "impt", "imps", "bedzie", "pred", "interp"}
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|[²³]|[,;:()\[\]/–—-]")
_SEPARATORS = {",", ";", ":", "(", ")", "[", "]", "/", "–", "—", "-"}

# OCR confusions: the letter read by tesseract (eng model) → the Polish letters it may stand for.
_OCR_FOLD_PAIRS = tuple(zip("łąęśćńóżź¢", "taescnozzc", strict=True))
_OCR_FOLD = str.maketrans(dict(_OCR_FOLD_PAIRS))
_OCR_ALTERNATIVES = {"é": "oc", "g": "ga", "q": "a", "¢": "c"}
_MAX_OCR_POSITIONS = 6
#: Standard Polish abbreviations of counted things that Morfeusz does not expand ("godz." → godzina).
_ABBREVIATIONS = mapping("counted_abbreviations.tsv")
#: Abbreviations of kinds of social-policy institutions → the head noun of the full name ("DPS" → dom).
INSTITUTION_ABBREVIATIONS = mapping("institution_abbreviations.tsv")
_ADJECTIVE_ENDING_RE = re.compile(r"(?:[yi]|[yi]ch|[yi]m|[yi]mi|[ae]j|[ae]go|[ae]mu|[yi]e|[ae]|ą)$")
_OCR_FREQUENCY_RATIO = 50.0
#: An all-capitals word rarer than this is read as an abbreviation even when its lowercase form is
#: a Polish word ("MOPS" is an office, not "mops"); frequent ones are words set in capitals ("OSÓB").
_ABBREVIATION_FREQUENCY = 4e-6


@dataclass(frozen=True)
class Reading:
    lemma: str
    pos: str
    tag: str
    common: bool  # Morfeusz qualifier "nazwa_pospolita"


@dataclass(frozen=True)
class HeadNoun:
    """The head noun found in a phrase: lemma, the word it came from and whether Morfeusz knew it."""

    lemma: str
    word: str
    known: bool
    position: int  # index of the word among the phrase's word tokens


@lru_cache(maxsize=1)
def morfeusz() -> morfeusz2.Morfeusz:
    """The project's one Morfeusz 2 analyser/generator (SGJP dictionary), loaded on first use."""
    return morfeusz2.Morfeusz(separate_numbering=True)


def _strip_homonym(lemma: str) -> str:
    return lemma.split(":", 1)[0] if ":" in lemma and not lemma.startswith(":") else lemma


#: Readings analysed in another process of the batch (see :func:`remember`).
_REMEMBERED: dict[str, tuple[Reading, ...]] = {}


def remember(readings: Mapping[str, tuple[Reading, ...]]) -> None:
    """Take ``readings`` (word → what :func:`analyse` gave for it in another process of the batch,
    a document's reader) as this process's own: words analysed there need no dictionary here."""
    _REMEMBERED.update(readings)


@lru_cache(maxsize=65536)
def analyse(word: str) -> tuple[Reading, ...]:
    """Morfeusz readings of one word (lowercased); empty when the word is unknown (``ign``)."""
    remembered = _REMEMBERED.get(word)
    if remembered is not None:
        return remembered
    try:
        results = morfeusz().analyse(word.lower())
    except Exception:  # noqa: BLE001 - Morfeusz rejects some inputs
        return ()
    readings: list[Reading] = []
    for _start, _end, (_orth, lemma, tag, labels, _qualifiers) in results:
        pos = tag.split(":", 1)[0]
        if pos == "ign":
            continue
        readings.append(Reading(_strip_homonym(lemma), pos, tag, "nazwa_pospolita" in labels))
    return tuple(readings)


def warm_up() -> None:
    """Load Morfeusz's dictionary and the word-frequency index now rather than on first use (a
    parallel ingest does this before forking its workers, so that they start with both loaded)."""
    analyse("rodzina")
    frequency("rodzina")
    _fold_index()


@lru_cache(maxsize=1)
def _fold_index() -> Mapping[str, str]:
    """Diacritic-folded form → the most frequent Polish word with that form (built once per
    machine into the user cache, see :mod:`raporty.polish.index_cache`)."""
    from raporty.polish.index_cache import cached_index

    return cached_index("lemmas-fold", _build_fold_index)


def _build_fold_index() -> dict[str, str]:
    from wordfreq import get_frequency_list
    from wordfreq.numbers import has_digit_sequence

    # top_n_list("pl", 300_000), ten times faster: its digit-sequence test (a regular expression)
    # runs only on words starting with a digit rather than on every word
    frequent = chain.from_iterable(get_frequency_list("pl"))
    words = list(islice((w for w in frequent if not w[:1].isdigit() or not has_digit_sequence(w)), 300_000))
    joined = "\n".join(words)
    for letter, folded_letter in _OCR_FOLD_PAIRS:  # ten scans of one string beat translate()'s dict look-ups
        joined = joined.replace(letter, folded_letter)
    folded = joined.split("\n")
    # Most frequent first in the list: built backwards, the most frequent word of a form is written last.
    return dict(zip(reversed(folded), reversed(words), strict=True))


def _fold_keys(word: str) -> list[str]:
    base = word.lower()
    positions = [i for i, ch in enumerate(base) if ch in _OCR_ALTERNATIVES][:_MAX_OCR_POSITIONS]
    keys: list[str] = []
    for choice in product(*[_OCR_ALTERNATIVES[base[i]] for i in positions]):
        chars = list(base)
        for i, replacement in zip(positions, choice, strict=True):
            chars[i] = replacement
        keys.append("".join(chars).translate(_OCR_FOLD))
    return keys


@lru_cache(maxsize=65536)
def ocr_candidate(word: str) -> str | None:
    """A frequent Polish word that ``word`` is probably an OCR misreading of, or None."""
    lowered = word.lower()
    if len(lowered) < 3 or not lowered.isalpha():
        return None
    known = bool(analyse(lowered))
    own_frequency = frequency(lowered)
    index = _fold_index()
    best: str | None = None
    best_frequency = 0.0
    for key in _fold_keys(lowered):
        candidate = index.get(key)
        if candidate is None or candidate == lowered:
            continue
        candidate_frequency = frequency(candidate)
        if candidate_frequency > best_frequency:
            best, best_frequency = candidate, candidate_frequency
    if best is None:
        return None
    if known and best_frequency < _OCR_FREQUENCY_RATIO * max(own_frequency, 1e-9):
        return None
    return best


def _agreement(count: float | None) -> tuple[str, ...]:
    """Number:case tags a noun takes after the numeral ``count``."""
    if count is None:
        return ()
    if count != int(count):
        return ("sg:gen",)
    n = int(abs(count))
    if n == 1:
        return ("sg:nom", "sg:acc")
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return ("pl:nom", "pl:acc")
    return ("pl:gen",)


def _agrees(tag: str, wanted: tuple[str, ...]) -> bool:
    parts = tag.split(":")
    if len(parts) < 3:
        return False
    numbers, cases = parts[1].split("."), parts[2].split(".")
    return any(f"{n}:{c}" in wanted for n in numbers for c in cases)


@lru_cache(maxsize=16384)
def _gerund_noun(verb: str) -> str | None:
    """The singular nominative noun form of a gerund of ``verb`` ("spotkać" → "spotkanie")."""
    try:
        forms = morfeusz().generate(verb)
    except Exception:  # noqa: BLE001
        return None
    for orth, _lemma, tag, _labels, _qualifiers in forms:
        if tag.startswith("ger:sg:nom") and tag.endswith(":aff"):
            return orth.lower()
    return None


@lru_cache(maxsize=16384)
def lexeme_frequency(lemma: str) -> float:
    """How common a lexeme is in use: the summed word frequency of the forms Morfeusz generates
    for ``lemma`` (its own spelling when the generator knows none)."""
    try:
        forms = {orth.lower() for orth, *_rest in morfeusz().generate(lemma)}
    except Exception:  # noqa: BLE001 - Morfeusz rejects some inputs
        forms = set()
    return sum(frequency(form) for form in forms or {lemma})


def _noun_lemma(readings: tuple[Reading, ...], count: float | None) -> str | None:
    nouns = [r for r in readings if r.pos == "subst"]
    if nouns:
        wanted = _agreement(count)
        agreeing = [r for r in nouns if _agrees(r.tag, wanted)] or nouns
        # Prefer a singular-based lemma over a plurale tantum one ("zajęć" → "zajęcie").
        non_pt = [r for r in agreeing if not r.tag.endswith(":pt")] or agreeing
        common = [r for r in non_pt if r.common] or non_pt
        # Homographs ("pokazów": pokaz / pokazówa, "kart": karta / kart): the lexeme whose forms
        # are commoner in use wins (not the lemma's own spelling, which may be another word's form).
        return max(common, key=lambda r: lexeme_frequency(r.lemma.lower())).lemma.lower()
    gerunds = [r for r in readings if r.pos == "ger"]
    if gerunds:
        return _gerund_noun(gerunds[0].lemma)
    return None


def _classify(word: str) -> tuple[str, tuple[Reading, ...], bool]:
    """('noun' | 'modifier' | 'stop' | 'unknown' | 'other', readings, known_to_morfeusz)."""
    if is_abbreviation(word) and word.isupper() and frequency(word.lower()) < _ABBREVIATION_FREQUENCY:
        return "unknown", (), False  # "MOPS", "CIS", "PUP" are office names, not "mops", "cis", "pupa"
    readings = analyse(word)
    known = bool(readings)
    if not is_abbreviation(word):
        candidate = ocr_candidate(word)
        if candidate is not None:
            readings = analyse(candidate)
            known = bool(readings)
    if not readings:
        return "unknown", readings, known
    positions = {r.pos for r in readings}
    if positions & {"prep", "conj", "comp"}:
        return "stop", readings, known  # "do", "od", "w" also have rare noun readings
    if positions & _MODIFIER_POS and not positions & {"subst", "ger"}:
        return "modifier", readings, known
    if positions & set(_NOUN_POS):
        if positions & _MODIFIER_POS:
            return "noun_or_modifier", readings, known
        return "noun", readings, known
    if positions & _STOP_POS or "prep" in positions:
        return "stop", readings, known
    if positions <= {"brev"}:
        return "noun", readings, known
    return "other", readings, known


def can_modify(word: str) -> bool:
    """``word`` has an adjective or participle reading: it may stand for its noun left out ("38
    rodzin, w tym 9 nowych"), even where it also reads as a noun ("nowy", "niepełnosprawny")."""
    return bool({r.pos for r in analyse(word)} & _MODIFIER_POS)


def _glued_words_guess(word: str, count: float | None) -> str | None:
    """Lemma of the first of two words OCR glued together ("rodzinawspierana" → "rodzina")."""
    lowered = word.lower()
    for cut in range(len(lowered) - 3, 3, -1):
        head, rest = lowered[:cut], lowered[cut:]
        head_readings = tuple(
            r for r in analyse(head) if r.pos == "subst" and set(r.tag.split(":")[2].split(".")) - {"voc"}
        )
        if head_readings and analyse(rest):
            return _noun_lemma(head_readings, count)
    return None


def _compound_guess(word: str) -> str | None:
    """Lemma of an unknown compound by its longest known noun suffix ("osobowejść" → "osobowejście")."""
    lowered = word.lower()
    for cut in range(3, len(lowered) - 4):
        suffix = lowered[cut:]
        lemma = _noun_lemma(tuple(r for r in analyse(suffix) if r.pos == "subst"), None)
        if lemma:
            return lowered[:cut] + lemma
    return None


def _head_after_agent(words: list[str]) -> HeadNoun | None:
    """ "zakupionych przez jednostki …, organizacje … środków transportu" → "środek".

    After a participle with a "przez" agent, the counted noun is the last noun agreeing with the
    participle's number and case before the next preposition or conjunction.
    """
    if len(words) < 4 or words[1].lower() != "przez":
        return None
    participle = [r for r in analyse(words[0]) if r.pos in {"ppas", "pact"}]
    if not participle:
        return None
    wanted = tuple(
        f"{n}:{c}"
        for r in participle
        for n in r.tag.split(":")[1].split(".")
        for c in r.tag.split(":")[2].split(".")
    )
    best: HeadNoun | None = None
    for position, word in enumerate(words[3:], start=3):
        readings = analyse(word)
        positions = {r.pos for r in readings}
        if positions & {"prep", "conj", "comp"}:
            break
        nouns = [r for r in readings if r.pos == "subst" and _agrees(r.tag, wanted)]
        if nouns and not positions & _MODIFIER_POS:
            lemma = _noun_lemma(tuple(nouns), None)
            if lemma:
                best = HeadNoun(lemma, word, True, position)
    return best


def _agreement_tags(readings: tuple[Reading, ...]) -> tuple[str, ...]:
    return tuple(
        f"{n}:{c}"
        for r in readings
        for n in r.tag.split(":")[1].split(".")
        for c in r.tag.split(":")[2].split(".")
    )


def _is_adverb(word: str) -> bool:
    readings = analyse(word)
    return bool(readings) and {r.pos for r in readings} <= {"adv"}


def _head_after_complement(words: list[str]) -> HeadNoun | None:
    """The noun a participle or adjective modifies when the modifier's complement stands between.

    "funkcjonujących na terenie Krakowa Klubów Rodziców" → "klub" (a prepositional phrase);
    "objętych wsparciem rodzin" → "rodzina" (a noun in another case than the participle);
    "wydanych w 2023 r. decyzji" → "decyzja". The head is the first noun after the complement
    that agrees with the modifier's number and case; a conjunction or a second preposition ends
    the search. Leading adverbs ("nowo utworzonych") are skipped.
    """
    offset = 0
    while offset < len(words) and _is_adverb(words[offset]):
        offset += 1
    words = words[offset:]
    if len(words) < 3:
        return None
    modifier_readings = analyse(words[0])
    positions = {r.pos for r in modifier_readings}
    if not positions & {"ppas", "pact", "adj"} or positions & {"subst", "ger"}:
        return None
    wanted = _agreement_tags(tuple(r for r in modifier_readings if r.pos in {"ppas", "pact", "adj"}))
    second = analyse(words[1])
    second_positions = {r.pos for r in second}
    if "prep" in second_positions:
        object_seen = False  # the preposition's own object ("na terenie", "w … r.") comes first
    elif (
        positions & {"ppas", "pact"} and second_positions & {"subst"} and not second_positions & _MODIFIER_POS
    ):
        if any(_agrees(r.tag, wanted) for r in second if r.pos == "subst"):
            return None  # "objętych rodzin": the noun right after is the head (the usual reading)
        object_seen = True  # "objętych wsparciem": the participle's complement
    else:
        return None
    for position, word in enumerate(words[2:], start=2):
        readings = analyse(word)
        word_positions = {r.pos for r in readings}
        if word_positions & {"prep", "conj", "comp"}:
            return None
        nouns = tuple(r for r in readings if r.pos == "subst")
        if not object_seen:
            if nouns or not readings:
                object_seen = True
            continue
        if not nouns:
            continue
        agreeing = tuple(r for r in nouns if _agrees(r.tag, wanted))
        if agreeing and not word_positions & _MODIFIER_POS:
            lemma = _noun_lemma(agreeing, None)
            if lemma:
                return HeadNoun(lemma, word, True, position + offset)
    return None


def nominative_lemma(word: str) -> str | None:
    """Lemma of ``word`` read as a nominative noun ("Stopa" → "stopa", not genitive of "stop")."""
    readings = tuple(r for r in analyse(word) if r.pos == "subst" and _agrees(r.tag, ("sg:nom", "pl:nom")))
    return _noun_lemma(readings, None) if readings else None


def find_head_noun(phrase: str, count: float | None = None, max_skip: int = 3) -> HeadNoun | None:
    """The head noun of ``phrase`` (text right after a number), or None.

    Adjectives and participles before the noun are skipped (at most ``max_skip``); a preposition,
    verb or separator before any noun ends the search.
    """
    tokens = _WORD_RE.findall(phrase)
    words = [t for t in tokens if t not in _SEPARATORS]
    clause = list(
        itertools.takewhile(lambda t: t not in _SEPARATORS, tokens[1:] if tokens[:1] == ["-"] else tokens)
    )
    agent_head = _head_after_agent(words) or _head_after_complement(clause)
    if agent_head is not None:
        return agent_head
    skipped = 0
    word_index = -1
    for i, token in enumerate(tokens):
        if token in _SEPARATORS:
            if token in {"-", "–", "—", "/"} and i == 0:
                continue
            return None
        word_index += 1
        if token in {"²", "³"}:
            continue
        abbreviation = _ABBREVIATIONS.get(token.lower().rstrip("."))
        if abbreviation is not None:  # before any reading: "60 os." are persons, not wasps (osa)
            return HeadNoun(abbreviation, token, True, word_index)
        kind, readings, known = _classify(token)
        if kind == "noun_or_modifier":
            following = next((w for w in words[word_index + 1 : word_index + 2]), None)
            if following is not None and _classify(following)[0] == "noun":
                kind = "modifier"
            else:
                kind = "noun"
        if kind == "noun":
            lemma = _noun_lemma(readings, count)
            if lemma is None:
                brev = [r for r in readings if r.pos == "brev"]
                lemma = brev[0].lemma.lower().replace("_", " ") if brev else None
            if lemma:
                return HeadNoun(lemma, token, known, word_index)
            return None
        if kind == "unknown" and _ADJECTIVE_ENDING_RE.search(token.lower()) and not is_abbreviation(token):
            following = next((w for w in words[word_index + 1 : word_index + 2]), None)
            if (
                following is not None
                and _classify(following)[0] in {"noun", "noun_or_modifier"}
                and skipped < max_skip
            ):
                skipped += 1  # an unknown adjective/participle ("rozdystrybuowanych egzemplarzy")
                continue
        if kind == "unknown":
            if is_abbreviation(token):
                guess = INSTITUTION_ABBREVIATIONS.get(token.upper().rstrip("."))
            else:
                guess = _glued_words_guess(token, count) or _compound_guess(token)
            return HeadNoun(guess or token.lower(), token, False, word_index)
        if kind == "other" and skipped < max_skip and _is_adverb(token):
            skipped += 1  # "nowo utworzonych miejsc"
            continue
        if kind == "modifier" and skipped < max_skip:
            skipped += 1
            continue
        return None
    return None
