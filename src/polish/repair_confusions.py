"""OCR confusions that English-model tesseract makes on Polish text, and candidate generation.

Tables map what the OCR wrote (lowercase) to what the Polish text probably had. They describe
general glyph confusions (a diacritic dropped or read as a similar glyph), not words.
"""

from __future__ import annotations

from collections.abc import Iterator

#: Polish letters with diacritics folded to their base letter (the dictionary index key).
from raporty.polish.fold import POLISH_FOLD

#: One OCR character → Polish characters it may stand for (besides itself).
SINGLE: dict[str, str] = {
    "a": "ą",
    "g": "ą",
    "q": "ą",
    "c": "ć",
    "¢": "ć",
    "ç": "ć",
    "e": "ę",
    "è": "ę",
    "t": "ł",
    "l": "ł",
    "i": "ł",
    "n": "ń",
    "h": "ńn",
    "b": "ó",
    "o": "ó",
    "é": "óćę",
    "6": "ó",
    "0": "o",
    "d": "óć",
    "s": "ś",
    "z": "żź",
    "f": "ł",
}

#: Glyphs an ó is read as; any two of them in a row may be one ó split in two ("srodkoéw").
O_GLYPHS = "oé6db"
#: Glyphs a ć is read as (the c and its accent apart); any two in a row may be one ć ("dzie¢cmi").
C_GLYPHS = "c¢é"

#: OCR character pairs (or glyph splits) → one Polish character or pair.
MULTI: dict[str, tuple[str, ...]] = {
    **{a + b: ("ó",) for a in O_GLYPHS for b in O_GLYPHS if a != b},
    **{a + b: ("ć",) for a in C_GLYPHS for b in C_GLYPHS if a != b},
    "ss": ("ś",),
    "zz": ("ż", "ź"),
    "tl": ("ł",),
    "lt": ("ł",),
    "nh": ("ń",),
    "ii": ("ń",),
    "fi": ("ń",),
    "ag": ("ą",),
    "qa": ("ą",),
    "m": ("łn", "rn"),
    # letters drawn alike when the print is tight or blurred: rn/m, cl/d, li/h, vv/w
    "rn": ("m",),
    "cl": ("d",),
    "li": ("h",),
    "vv": ("w",),
}

#: OCR glyphs that are not Polish letters (inside a word): a candidate must replace all of them.
FOREIGN = frozenset("¢çèé60")

MAX_MULTI_LEN = max(len(k) for k in MULTI)


def _options(word: str, index: int) -> list[tuple[str, int]]:
    """Readings of ``word`` at ``index``: (Polish text, OCR characters consumed)."""
    char = word[index]
    options = [] if char in FOREIGN else [(char, 1)]
    options.extend((repl, 1) for repl in SINGLE.get(char, ""))
    for length in range(1, min(MAX_MULTI_LEN, len(word) - index) + 1):
        for repl in MULTI.get(word[index : index + length], ()):
            options.append((repl, length))
    return options


def candidates(word: str, max_edits: int = 4, limit: int = 20000) -> Iterator[tuple[str, int]]:
    """Yield (candidate, edits) readings of a lowercase OCR ``word``, fewest edits first.

    Every combination of confusion positions with exactly 1, 2, … ``max_edits`` changes is
    tried (depth first per level), at most ``limit`` candidates in total. The unchanged word
    itself is not yielded.
    """
    produced = 0
    for level in range(1, max_edits + 1):
        stack: list[tuple[int, str, int]] = [(0, "", 0)]
        while stack:
            index, prefix, edits = stack.pop()
            if index == len(word):
                if edits == level:
                    yield prefix, edits
                    produced += 1
                    if produced >= limit:
                        return
                continue
            for repl, consumed in _options(word, index):
                cost = edits + (repl != word[index : index + consumed])
                if cost <= level:
                    stack.append((index + consumed, prefix + repl, cost))


def fold_keys(word: str, limit: int = 2048) -> set[str]:
    """Index keys (diacritics folded) that a lowercase OCR ``word`` may stand for."""
    ends: dict[int, set[str]] = {0: {""}}
    for index in range(len(word)):
        prefixes = ends.pop(index, None)
        if not prefixes:
            continue
        for repl, consumed in _options(word, index):
            folded = repl.translate(POLISH_FOLD)
            bucket = ends.setdefault(index + consumed, set())
            bucket.update(p + folded for p in prefixes)
            if len(bucket) > limit:
                return set()
    return ends.get(len(word), set())


def confusion_edits(word: str, form: str) -> int | None:
    """Fewest confusions turning lowercase OCR ``word`` into ``form``; None when unreachable."""
    # states[i] maps a position in ``form`` to the fewest edits reading word[:i] as form[:j].
    states: list[dict[int, int]] = [{} for _ in range(len(word) + 1)]
    states[0][0] = 0
    for index in range(len(word)):
        for j, cost in states[index].items():
            for repl, consumed in _options(word, index):
                if form.startswith(repl, j):
                    step = cost + (repl != word[index : index + consumed])
                    target = states[index + consumed]
                    if step < target.get(j + len(repl), step + 1):
                        target[j + len(repl)] = step
    return states[len(word)].get(len(form))
