"""How common a Polish word is: wordfreq's Polish frequency list, looked up without wordfreq.

wordfreq builds its dictionary of 453 000 words on first use (0.17 s, once more for each way its
``get_frequency_dict`` is called) after an import of 0.1 s, and tokenises every word it is asked
about; raporty only asks about single words. The list is kept instead as an index of the user
cache (:mod:`raporty.polish.index_cache`: each word → its centibel bin, as wordfreq stores it),
built from wordfreq once per machine, and a look-up is a dictionary access. wordfreq itself is
imported only to build the index (and for English, :func:`raporty.polish.repair_lexicon.english_zipf`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache

LANGUAGE = "pl"


@lru_cache(maxsize=1)
def _bins() -> Mapping[str, str]:
    from raporty.polish.index_cache import cached_index

    return cached_index("frequency", _build_bins)


def _build_bins() -> dict[str, str]:
    from wordfreq import get_frequency_list

    # as wordfreq's get_frequency_dict: a word listed in two bins keeps the later (rarer) one
    return {word: str(index) for index, bucket in enumerate(get_frequency_list(LANGUAGE)) for word in bucket}


def frequency(word: str) -> float:
    """The frequency of this spelling in the Polish list, as wordfreq's ``get_frequency_dict``
    gives it (0.0 when it is not listed). The list holds lower-case words: no case is folded."""
    index = _bins().get(word)
    return 10 ** (-int(index) / 100) if index is not None else 0.0


def zipf(word: str) -> float:
    """The Zipf frequency (log10 of occurrences per billion words) of ``word``; 0.0 when unlisted."""
    found = frequency(word)
    return math.log10(found) + 9 if found else 0.0


def is_listed(word: str) -> bool:
    return word in _bins()


def listed_words() -> Iterable[str]:
    """Every word of the list, the most frequent first (from wordfreq: for building indexes)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict(LANGUAGE).keys()
