"""Polish number parsing: thousands separators, decimal comma, ranges, currency markers.

Formats found in municipal reports (and their OCR):

* ``"2 561 423, 94 zł"`` – spaces / no-break spaces / thin spaces as thousands separators,
  even a stray space after the decimal comma when a currency follows;
* ``"5.531"`` (dot thousands) → 5531, ``"778.703,58zł"`` → 778703.58, ``"1 348.574,20zł"``;
* ``"1,5%"`` → 1.5 (decimal comma), ``"1.5"`` → 1.5 (dot followed by other than three digits);
* ranges ``"10-15"``, ``"10 – 15"``;
* currency markers ``zł``, ``zl``, ``zt`` (OCR damage), ``PLN``, ``złotych``;
  multipliers ``tys.``, ``mln``, ``mld``.

Nothing here raises: every public function returns ``None`` / an empty list on nonsense input and
never yields ``inf`` or ``nan``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

#: Characters used as thousands separators (space, no-break space, thin spaces, narrow nbsp).
THOUSANDS_SPACES = " \u00a0\u2009\u202f\u2007"
_SP = f"[{THOUSANDS_SPACES}]"

#: Currency marker after a number: zł, zl, zt (OCR of zł), PLN, złotych / złote / złoty.
CURRENCY_RE = re.compile(r"\s*(?:z[łlt](?:otych|ote|oty)?|pln)(?![^\W\d_])\.?", re.IGNORECASE)
#: The abbreviations and words of a multiplier by their first three letters ("tyś." is a common
#: misspelling of "tys.").
MULTIPLIER_STEM = r"(?:ty[sś]|mln|mil|mld)"
#: Multiplier word after a number.
MULTIPLIER_RE = re.compile(
    r"\s*(?P<word>ty[sś]\.?|tysi[ąa]c[ea]?|tysi[ęe]cy|mln\.?|milion(?:y|ów|ow)?|mld\.?|miliard(?:y|ów|ow)?)(?![^\W\d_])",
    re.IGNORECASE,
)
_MULTIPLIERS = {"tys": 1e3, "mln": 1e6, "mil": 1e6, "mld": 1e9}


def multiplier_of(word: str) -> float:
    """The factor of a multiplier word or abbreviation ("tys.", "tyś.", "miliony", "mld")."""
    return _MULTIPLIERS[word[:3].lower().replace("ś", "s")]


_INT = (
    rf"(?:\d{{4,5}}(?:{_SP}\d{{3}})+(?=(?:,\d+)?\s*(?:z[łlt]|pln))"  # OCR lost a space: "33571 800 zł"
    rf"|\d{{1,3}}(?:(?:{_SP}|\.(?=\d{{3}}(?!\d)))\d{{3}})+(?!\d)"  # 2 561 423 / 5.531 / 1 348.574
    r"|\d+)"
)
# A decimal part: ",94", ", 94" (stray space, only before a currency), ".5" (not three digits).
_DEC = rf"(?:,(?:{_SP}(?=\d{{1,2}}\s*(?:z[łlt]|pln)))?\d+|\.\d+(?!\d))"
NUMBER_PATTERN = rf"{_INT}{_DEC}?"
_NUMBER_RE = re.compile(NUMBER_PATTERN)
_LEADING_NUMBER_RE = re.compile(rf"^\s*(?P<sign>[-−–]?)\s*(?P<num>{NUMBER_PATTERN})")
_UNITS_ONLY_RE = re.compile(
    rf"\s*(?:(?P<mult>{MULTIPLIER_STEM})[^\W\d]*\.?)?\s*(?:%|z[łlt](?:otych|ote|oty)?\.?|pln)?\s*$",
    re.IGNORECASE,
)
_DASHES = "-‐‑‒–—−"
_RANGE_RE = re.compile(rf"^\s*(?P<lo>{NUMBER_PATTERN})\s*[{_DASHES}]\s*(?P<hi>{NUMBER_PATTERN})\s*$")
# A number must not continue a word, a code or another number ("W19", "SZ/03", "K-2", "12,5").
_NUMBER_START_RE = re.compile(rf"(?<![^\W\d])(?<![\d_/])(?<!\d[.,])(?<![^\W\d]-)(?:{NUMBER_PATTERN})")

_MAX_ABS = 1e15  # beyond this a "number" is a code or garbage, not a quantity


@dataclass(frozen=True)
class NumberSpan:
    """A number found in text: its position, value and what is written right after it."""

    start: int
    end: int  # end of the number itself (before currency / multiplier words)
    text: str
    value: float
    currency: bool = False  # followed by zł / PLN
    percent: bool = False  # followed by %
    end_with_unit: int = 0  # end including currency/percent/multiplier markers


#: Digits of one run kept for matching: a longer run is far past ``_MAX_ABS`` whatever it says, and
#: the patterns above (alternatives, look-arounds, repeated groups) cost time quadratic in a run's
#: length; a 20 000-digit cell took 17 s.
MAX_DIGIT_RUN = 32
_LONG_DIGIT_RUN_RE = re.compile(rf"(?<=\d{{{MAX_DIGIT_RUN}}})\d+")


def cap_digit_runs(text: str) -> str:
    """``text`` with every digit past the first ``MAX_DIGIT_RUN`` of a run replaced by ``_`` (same
    length, so positions still match): number patterns then run in time linear in the input."""
    if len(text) <= MAX_DIGIT_RUN:
        return text
    return _LONG_DIGIT_RUN_RE.sub(lambda m: "_" * len(m.group(0)), text)


def _clean(value: float) -> float | None:
    if math.isnan(value) or math.isinf(value) or abs(value) > _MAX_ABS:
        return None
    return value


def _to_float(number_text: str) -> float | None:
    """Convert one matched number (no sign, no currency) to float."""
    text = number_text
    for space in THOUSANDS_SPACES:
        text = text.replace(space, "")
    if "," in text:
        integer, _, decimal = text.partition(",")
        integer = integer.replace(".", "")
        text = f"{integer}.{decimal}"
    elif text.count(".") == 1 and re.search(r"\.\d{3}$", text) is None:
        pass  # "1.5": dot as decimal separator
    else:
        text = text.replace(".", "")
    try:
        result = float(Decimal(text))
    except (InvalidOperation, ValueError, OverflowError):
        try:
            result = float(parse_decimal(number_text, locale="pl_PL", strict=False))
        except (NumberFormatError, ValueError, InvalidOperation, OverflowError):
            return None
    return _clean(result)


def _strip_units(text: str) -> tuple[str, float]:
    """Remove a trailing currency / percent / multiplier; return (text, multiplier)."""
    stripped = text.strip()
    stripped = re.sub(r"\s*%$", "", stripped)
    currency = re.search(r"(?:\s*(?:z[łlt](?:otych|ote|oty)?|pln)\.?)$", stripped, re.IGNORECASE)
    if currency:
        stripped = stripped[: currency.start()]
    multiplier = 1.0
    match = re.search(rf"\s*({MULTIPLIER_STEM})[^\d\s]*\.?$", stripped, re.IGNORECASE)
    if match:
        multiplier = multiplier_of(match.group(1))
        stripped = stripped[: match.start()]
    return stripped, multiplier


def parse_range(text: str) -> tuple[float, float] | None:
    """Parse ``"10-15"`` / ``"10 – 15 osób"`` style ranges into (low, high); None if not a range."""
    try:
        if len(text) > 200:
            return None
        body, multiplier = _strip_units(text)
        match = _RANGE_RE.match(body)
        if not match:
            return None
        low, high = _to_float(match.group("lo")), _to_float(match.group("hi"))
        if low is None or high is None:
            return None
        return low * multiplier, high * multiplier
    except Exception:  # noqa: BLE001 - the contract is "never raise"
        return None


def parse_number(text: str) -> float | None:
    """Parse one Polish-formatted number, optionally with a currency, ``%`` or multiplier.

    ``"2 561 423, 94 zł"`` → 2561423.94, ``"5.531"`` → 5531, ``"778.703,58zł"`` → 778703.58,
    ``"1,5"`` → 1.5, ``"2,5 tys."`` → 2500. A range ``"10-15"`` gives its lower bound.
    Returns None for anything that is not a single number; never raises.
    """
    try:
        if not isinstance(text, str) or not text.strip() or len(text) > 200:
            return None
        match = _LEADING_NUMBER_RE.match(text)
        if match:
            rest = _UNITS_ONLY_RE.match(text, match.end())
            if rest:
                value = _to_float(match.group("num"))
                if value is None:
                    return None
                sign = -1.0 if match.group("sign") else 1.0
                word = rest.group("mult")
                multiplier = multiplier_of(word) if word else 1.0
                return _clean(sign * value * multiplier)
        bounds = parse_range(text)
        if bounds is not None:
            return bounds[0]
        return None
    except Exception:  # noqa: BLE001 - the contract is "never raise"
        return None


def find_numbers(text: str) -> list[NumberSpan]:
    """Find every number in ``text`` with its position and the unit marker written after it.

    Numbers glued to a preceding letter, slash or underscore (codes such as ``W19``, ``SZ/03``,
    ``K-2``) are not reported. Decimal/thousands rules are those of :func:`parse_number`.
    """
    spans: list[NumberSpan] = []
    if not isinstance(text, str):
        return spans
    text = cap_digit_runs(text)
    try:
        for match in _NUMBER_START_RE.finditer(text):
            value = _to_float(match.group(0))
            if value is None:
                continue
            end = match.end()
            tail_end = end
            multiplier = 1.0
            mult = MULTIPLIER_RE.match(text, end)
            if mult:
                multiplier = multiplier_of(mult.group("word"))
                tail_end = mult.end()
            currency_match = CURRENCY_RE.match(text, tail_end)
            percent_match = re.compile(r"\s*(?:%|proc\.|procent\w*)").match(text, tail_end)
            if currency_match:
                tail_end = currency_match.end()
            elif percent_match:
                tail_end = percent_match.end()
            scaled = _clean(value * multiplier)
            if scaled is None:
                continue
            spans.append(
                NumberSpan(
                    start=match.start(),
                    end=end,
                    text=match.group(0),
                    value=scaled,
                    currency=currency_match is not None,
                    percent=currency_match is None and percent_match is not None,
                    end_with_unit=tail_end,
                )
            )
    except Exception:  # noqa: BLE001 - the contract is "never raise"
        return spans
    return spans


#: Cardinal numeral lemmas (Morfeusz/SGJP) of small counts written as words.
_NUMERAL_VALUES = {
    "jeden": 1,
    "dwa": 2,
    "trzy": 3,
    "cztery": 4,
    "pięć": 5,
    "sześć": 6,
    "siedem": 7,
    "osiem": 8,
    "dziewięć": 9,
    "dziesięć": 10,
    "jedenaście": 11,
    "dwanaście": 12,
    "trzynaście": 13,
    "czternaście": 14,
    "piętnaście": 15,
    "szesnaście": 16,
    "siedemnaście": 17,
    "osiemnaście": 18,
    "dziewiętnaście": 19,
    "dwadzieścia": 20,
    "trzydzieści": 30,
    "czterdzieści": 40,
    "pięćdziesiąt": 50,
    "sześćdziesiąt": 60,
    "siedemdziesiąt": 70,
    "osiemdziesiąt": 80,
    "dziewięćdziesiąt": 90,
    "sto": 100,
    "dwieście": 200,
    "trzysta": 300,
    "czterysta": 400,
    "pięćset": 500,
    "sześćset": 600,
    "siedemset": 700,
    "osiemset": 800,
    "dziewięćset": 900,
}
_WORD_TOKEN_RE = re.compile(
    r"(?<![^\W\d_])(?:(?:jed|dw|ob|trz|czter|pi[eę]|sze[sś]|sied|o[sś]|dziewi|dziesi)[^\W\d_]*|st(?:o|u|oma))"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
#: "jeden z …", "jedna ze …": "one of", not a count; "w jednym miejscu": "in the same place"
#: (the words before only rule out "jeden": "w dwóch szkołach" is a count).
_IDIOM_AFTER_RE = re.compile(r"\s+(?:z|ze|spo[sś]r[oó]d|i\s+t[eę]n\s+sam\w*)\b", re.IGNORECASE)
_IDIOM_BEFORE_RE = re.compile(r"(?:\b(?:w|we|na|o|przy|po|ani|kt[oó]r\w*|jako)\s+)$", re.IGNORECASE)


def numeral_value(word: str) -> int | None:
    """The value of a small cardinal numeral in any case/gender ("dwóch" → 2, "jednej" → 1)."""
    from raporty.polish.lemmas import analyse

    for reading in analyse(word):
        if reading.pos in {"num", "adj"} and reading.lemma.lower() in _NUMERAL_VALUES:
            if reading.pos == "adj" and reading.lemma.lower() != "jeden":
                continue
            return _NUMERAL_VALUES[reading.lemma.lower()]
    return None


def _continues_numeral(value: int, following: int, between: str) -> bool:
    """A numeral word after another, with only spaces between, adds to it when it is of a lower
    order: tens after hundreds, units after tens ("sto dwadzieścia trzy" = 123; "dwa trzy" is no
    number)."""
    if between.strip(" \t") or not between:
        return False
    order = 100 if value % 100 == 0 else 10 if value % 10 == 0 and value >= 20 else 0
    return order > 0 and following < order and (order == 100 or following < 10)


def find_number_words(text: str) -> list[NumberSpan]:
    """Counts written as numeral words ("jednej Pracowni", "dwóch spotkań", "trzy rodziny",
    "dwudziestu pięciu uczestników", "sto dwadzieścia osób").

    Only numerals followed by a word are reported; "jeden z …" ("one of") and "w jednym …"
    ("in the same …") idioms are not counts. Whether the following word is a counted noun is
    the caller's decision (see :mod:`raporty.normalize.measures`).
    """
    spans: list[NumberSpan] = []
    if not isinstance(text, str):
        return spans
    try:
        words = [(m, value) for m in _WORD_TOKEN_RE.finditer(text) if (value := numeral_value(m.group(0)))]
        k = 0
        while k < len(words):
            first, value = words[k]
            end = first.end()
            k += 1
            while k < len(words) and _continues_numeral(value, words[k][1], text[end : words[k][0].start()]):
                value += words[k][1]  # "dwadzieścia trzy", "sto dwadzieścia pięć": one number
                end = words[k][0].end()
                k += 1
            if _IDIOM_AFTER_RE.match(text, end) or (
                value == 1 and _IDIOM_BEFORE_RE.search(text[: first.start()])
            ):
                continue
            if not re.match(
                r"(?:[ \t]+|[ \t]*\n[ \t]*)[^\W\d_]", text[end:]
            ):  # the noun may wrap to the next line
                continue
            spans.append(
                NumberSpan(first.start(), end, text[first.start() : end], float(value), end_with_unit=end)
            )
    except Exception:  # noqa: BLE001 - the contract is "never raise"
        return spans
    return spans
