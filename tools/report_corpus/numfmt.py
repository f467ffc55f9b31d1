"""Polish number formatting: thousands separators (space, NBSP, dot, none) and decimal commas."""

from __future__ import annotations

from dataclasses import dataclass

SEPARATORS = {"space": " ", "nbsp": "\u00a0", "dot": ".", "none": ""}
#: Separators of the layout family `thin_space` only (kept apart so the base draw is unchanged).
EXTRA_SEPARATORS = {"thin": "\u2009", "nnbsp": "\u202f"}


@dataclass(frozen=True)
class NumberStyle:
    separator: str = "space"  # a key of SEPARATORS
    group_four_digits: bool = True  # "1 200" rather than "1200"


def format_number(value: float, decimals: int, style: NumberStyle) -> str:
    """`value` with `decimals` decimals, a decimal comma and the style's thousands separator."""
    text = f"{value:.{decimals}f}"
    whole, _, frac = text.partition(".")
    sign = ""
    if whole.startswith("-"):
        sign, whole = "-", whole[1:]
    sep = SEPARATORS.get(style.separator, EXTRA_SEPARATORS.get(style.separator, " "))
    if len(whole) > 4 or (len(whole) == 4 and style.group_four_digits):
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        whole = sep.join(groups)
    return sign + whole + ("," + frac if frac else "")


def plain_value(value: float) -> float | int:
    """JSON value: an int when the number is whole, else the float rounded to 6 places."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded
