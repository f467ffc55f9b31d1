"""Inflected counted phrases ("12 spotkań", "3 rodziny", "2,5 etatu") and random quantities."""

from __future__ import annotations

import math
import random

from . import morph
from .model import Measure
from .numfmt import NumberStyle, format_number
from .vocab import Noun

FTE_VALUES = (0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 8, 12)


def draw_value(rng: random.Random, noun: Noun) -> float:
    """A quantity in the noun's range, log-uniform; FTE and some hours get fractions."""
    if noun.value_type == "fte":
        return float(rng.choice(FTE_VALUES))
    value = float(round(math.exp(rng.uniform(math.log(noun.low), math.log(noun.high)))))
    if noun.value_type == "hours" and rng.random() < 0.2:
        value += 0.5
    return value


def decimals_of(value: float) -> int:
    for places in (0, 1, 2):
        if abs(value * 10**places - round(value * 10**places)) < 1e-9:
            return places
    return 2


def counted(
    rng: random.Random,
    noun: Noun,
    value: float,
    style: NumberStyle,
    *,
    governed_genitive: bool = False,
    adjective: str | None = None,
    complement: str | None = None,
) -> tuple[str, Measure]:
    """'N [adjective] noun [complement]' with the noun (and adjective) agreeing with N."""
    noun_gender = morph.gender(noun.lemma)
    case, number = morph.numeral_agreement(value, noun_gender, governed_genitive)
    words = [format_number(value, decimals_of(value), style)]
    if adjective:
        words.append(morph.adjective_form(adjective, case, number, noun_gender))
    words.append(morph.noun_form(noun.lemma, case, number, noun.forms))
    if complement:
        words.append(complement)
    return " ".join(words), Measure(value, noun.lemma, noun.value_type)


def genitive_plural(noun: Noun) -> str:
    """The noun after 'Liczba' ("Liczba rodzin")."""
    return morph.noun_form(noun.lemma, "gen", "pl", noun.forms)


def percent_text(rng: random.Random, value: float) -> str:
    number = format_number(value, decimals_of(value), NumberStyle("none"))
    return number + rng.choice(["%", "%", " %"])


def draw_percent(rng: random.Random) -> float:
    if rng.random() < 0.3:
        return round(rng.uniform(0.5, 99.5), 1)
    return float(rng.randint(1, 100))


def draw_money(rng: random.Random) -> float:
    value = math.exp(rng.uniform(math.log(300), math.log(4_000_000)))
    if rng.random() < 0.5:
        return round(value, 2)
    return float(round(value, -2))


def money_text(rng: random.Random, value: float, style: NumberStyle) -> str:
    """'12 000 zł', '12 000,00 zł' or '12 000zł'."""
    decimals = 2 if (decimals_of(value) or rng.random() < 0.5) else 0
    number = format_number(value, decimals, style)
    return number + rng.choice([" zł", " zł", " zł", "zł"])
