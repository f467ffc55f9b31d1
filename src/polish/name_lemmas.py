"""The comparable form of a name (an activity's): the folded Morfeusz 2 (SGJP) lemma of each
content word, in order, and the share of its words Morfeusz knows as spelled.

Computed where a document is read, whose words Morfeusz has just analysed (its cache is warm), and
by the writer for activities stored without one (:mod:`raporty.load.linking`)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from raporty.polish.fold import fold
from raporty.polish.lemmas import analyse, ocr_candidate

_FUNCTION_POS = {"prep", "conj", "comp", "qub", "interp"}
_POS_PRIORITY = {"subst": 0, "ger": 1, "adj": 2, "ppas": 3, "pact": 3}


def _word_tokens(text: str) -> list[str]:
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return cleaned.split()


@lru_cache(maxsize=65536)
def word_lemma(word: str) -> str | None:
    """Folded lemma of one lowercase word; None for a function word. Unknown words stay as they are."""
    if word.isdigit():
        return word
    readings = analyse(word)
    if not readings:
        candidate = ocr_candidate(word)
        readings = analyse(candidate) if candidate else ()
        if not readings:
            return fold(word)
    if any(r.pos in _FUNCTION_POS for r in readings):
        return None
    best = min(_POS_PRIORITY.get(r.pos, 9) for r in readings)
    lemmas = Counter(r.lemma.lower() for r in readings if _POS_PRIORITY.get(r.pos, 9) == best)
    lemma = min(lemmas, key=lambda item: (-lemmas[item], item))
    return fold(lemma)


def known_share(name: str) -> float:
    """Share (0–1) of the name's words that Morfeusz knows as they are: low for OCR-damaged text.

    Used to pick the cleanest spelling as the display name of a linked series.
    """
    words = [word for word in _word_tokens(name) if not word.isdigit()]
    if not words:
        return 1.0
    return round(sum(1 for word in words if analyse(word)) / len(words), 4)


def lemma_text(name: str) -> str:
    """The comparable form of an activity name: folded lemmas of its content words, in order."""
    lemmas = (word_lemma(word) for word in _word_tokens(name))
    return " ".join(lemma for lemma in lemmas if lemma)
