"""Letters OCR reads for digits inside a number, put back as the digits they stand for.

OCR confuses digits with the letters drawn like them: 0 with O, o, D, Q; 1 with l, I, |; 2 with Z;
5 with S; 6 with G; 8 with B. Inside a number such a letter is never meant: no Polish word or code
has one letter between two digits ("2O21", "1 2S0", "3l5" → "2021", "1 250", "315"). A whole word
of digits and the round look-alikes (O o l I |) with at least one real digit is a number too
("O00zł", "l5%", "1O"), and so are the decimals after a decimal comma ("500,OO zł").

Left alone: groups with no real digit ("II.1" is a Roman code, "lO" a word), and letters that end
codes ("art. 5b", "pkt 2a", "S1").
"""

from __future__ import annotations

import re

#: A letter between two digits → the digit it stands for (any look-alike: it cannot be a letter there).
BETWEEN_DIGITS = {"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1",
                  "Z": "2", "S": "5", "G": "6", "B": "8"}  # fmt: skip
#: The look-alikes that also make a number of a word with a real digit in it: round shapes only
#: (S, B, Z start codes such as "S1", "B2").
IN_NUMBER_WORD = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}

_BETWEEN = re.compile(rf"(?<=\d)[{re.escape(''.join(BETWEEN_DIGITS))}]+(?=\d)")
_WORD_CLASS = re.escape("".join(IN_NUMBER_WORD))
#: a word of digits and look-alikes, groups joined by . or , (at least one real digit in the first
#: group), then at most a unit or closing punctuation
_NUMBER_WORD = re.compile(
    rf"(?<![^\s(])(?=[{_WORD_CLASS}]*\d)[\d{_WORD_CLASS}]+(?:[.,][\d{_WORD_CLASS}]+)*(?=(?:zł|%)?[.,;:)]?(?:\s|$))"
)
_AS_DIGIT = str.maketrans(IN_NUMBER_WORD)


def _between(match: re.Match[str]) -> str:
    return "".join(BETWEEN_DIGITS[ch] for ch in match[0])


def _number_word(match: re.Match[str]) -> str:
    word = match[0]
    first = re.split(r"[.,]", word, maxsplit=1)[0]
    if not any(ch.isdigit() for ch in first):
        return word
    return word.translate(_AS_DIGIT)


def restore_digits(text: str) -> str:
    """``text`` with the letters OCR read for digits inside numbers put back as digits."""
    return _NUMBER_WORD.sub(_number_word, _BETWEEN.sub(_between, text))
