"""Word error rates for OCR repair: clean text vs OCR output vs repaired output.

Words are whitespace-separated chunks with surrounding punctuation removed (OCR punctuation
damage such as ",," for „ is not what repair addresses). OCR and repaired texts have the same
words one to one, because repair never touches whitespace.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass

from rapidfuzz.distance import Levenshtein

PUNCTUATION = ".,:;!?()[]{}\"'„”“«»-–—/…*•"
POLISH_DIACRITICS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")


def words(text: str) -> list[str]:
    stripped = (chunk.strip(PUNCTUATION) for chunk in text.split())
    return [word for word in stripped if word]


def is_diacritic_damage(ocr_word: str, clean_word: str) -> bool:
    """True when every difference replaces or drops only Polish diacritic letters of the clean word."""
    if ocr_word == clean_word:
        return False
    matcher = difflib.SequenceMatcher(None, ocr_word, clean_word, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal" and not (j2 > j1 and set(clean_word[j1:j2]) <= POLISH_DIACRITICS):
            return False
    return True


@dataclass
class RepairScore:
    words: int  # clean words
    errors_before: int  # word edit distance OCR → clean
    errors_after: int  # word edit distance repaired → clean
    repairable: int  # aligned substitutions that are diacritic damage only
    repairable_fixed: int
    correct_words: int  # OCR words already equal to their clean word
    over_corrected: int  # of those, changed by repair
    changed: int  # repaired words that differ from the OCR word

    @property
    def wer_before(self) -> float:
        return self.errors_before / self.words if self.words else 0.0

    @property
    def wer_after(self) -> float:
        return self.errors_after / self.words if self.words else 0.0

    @property
    def raw_reduction(self) -> float:
        """Share of all word errors removed."""
        return 1 - self.errors_after / self.errors_before if self.errors_before else 0.0

    @property
    def repairable_reduction(self) -> float:
        """Errors removed as a share of the errors repairable in principle (diacritic damage)."""
        return (self.errors_before - self.errors_after) / self.repairable if self.repairable else 0.0

    @property
    def over_correction(self) -> float:
        return self.over_corrected / self.correct_words if self.correct_words else 0.0

    def as_dict(self) -> dict[str, float | int]:
        result: dict[str, float | int] = asdict(self)
        for name in ("wer_before", "wer_after", "raw_reduction", "repairable_reduction", "over_correction"):
            result[name] = round(getattr(self, name), 4)
        return result


def score_repair(clean: str, ocr: str, repaired: str) -> RepairScore:
    clean_words, ocr_words, repaired_words = words(clean), words(ocr), words(repaired)
    if len(ocr_words) != len(repaired_words):
        raise ValueError("repair changed the number of words")
    repairable = fixed = correct = over = 0
    for op in Levenshtein.opcodes(ocr_words, clean_words):
        if op.tag == "equal":
            for i in range(op.src_start, op.src_end):
                correct += 1
                over += repaired_words[i] != ocr_words[i]
        elif op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start:
            for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True):
                if is_diacritic_damage(ocr_words[i], clean_words[j]):
                    repairable += 1
                    fixed += repaired_words[i] == clean_words[j]
    return RepairScore(
        words=len(clean_words),
        errors_before=Levenshtein.distance(ocr_words, clean_words),
        errors_after=Levenshtein.distance(repaired_words, clean_words),
        repairable=repairable,
        repairable_fixed=fixed,
        correct_words=correct,
        over_corrected=over,
        changed=sum(a != b for a, b in zip(ocr_words, repaired_words, strict=True)),
    )
