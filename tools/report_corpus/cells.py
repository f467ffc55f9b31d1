"""Cell patterns: each writes the text of one cell and the measures it states.

A pattern is a function of a `CellContext` returning the cell's paragraphs and measures.
Which split may use which pattern is in data/partition.json (`cell_patterns`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from . import phrases
from .model import Cell, Measure
from .numfmt import NumberStyle, format_number
from .phrases import counted, draw_value
from .vocab import Noun, Unit, Vocabulary


@dataclass
class CellContext:
    rng: random.Random
    style: NumberStyle
    vocab: Vocabulary
    nouns: list[Noun]  # the row's counted nouns, main first
    statuses: list[tuple[str, str]]  # (phrase, status code) the split may use
    indicator_type: str = "count"  # indicator tables: count | percent | money
    units: list[Unit] = field(default_factory=list)

    @property
    def noun(self) -> Noun:
        return self.nouns[0]

    def other_noun(self, persons_only: bool = False) -> Noun:
        for noun in self.nouns[1:]:
            if not persons_only or noun.lemma in self.vocab.persons:
                return noun
        pool = [
            n
            for n in self.vocab.nouns
            if n.lemma != self.noun.lemma
            and n.value_type == "count"
            and (not persons_only or n.lemma in self.vocab.persons)
        ]
        return self.rng.choice(pool)


Result = tuple[list[str], list[Measure]]
Pattern = Callable[[CellContext], Result]
PATTERNS: dict[str, Pattern] = {}
DASHES = (" – ", " – ", " - ")


def pattern(name: str) -> Callable[[Pattern], Pattern]:
    def register(func: Pattern) -> Pattern:
        PATTERNS[name] = func
        return func

    return register


def _count(ctx: CellContext, noun: Noun | None = None, **kwargs: object) -> tuple[str, Measure]:
    noun = noun or ctx.noun
    return counted(ctx.rng, noun, draw_value(ctx.rng, noun), ctx.style, **kwargs)  # type: ignore[arg-type]


@pattern("count_simple")
def count_simple(ctx: CellContext) -> Result:
    text, m = _count(ctx)
    return [text], [m]


@pattern("count_complement")
def count_complement(ctx: CellContext) -> Result:
    text, m = _count(ctx, complement=ctx.rng.choice(ctx.vocab.complements))
    return [text], [m]


@pattern("count_adjective")
def count_adjective(ctx: CellContext) -> Result:
    noun = ctx.noun if ctx.noun.adjectives else next((n for n in ctx.vocab.nouns if n.adjectives), ctx.noun)
    text, m = _count(ctx, noun, adjective=ctx.rng.choice(noun.adjectives))
    return [text], [m]


def _two_counts(ctx: CellContext) -> tuple[list[str], list[Measure]]:
    first, m1 = _count(ctx)
    second, m2 = _count(ctx, ctx.other_noun())
    return [first, second], [m1, m2]


@pattern("compound_comma")
def compound_comma(ctx: CellContext) -> Result:
    texts, measures = _two_counts(ctx)
    return [", ".join(texts)], measures


@pattern("compound_semicolon")
def compound_semicolon(ctx: CellContext) -> Result:
    texts, measures = _two_counts(ctx)
    return ["; ".join(texts)], measures


@pattern("compound_lines")
def compound_lines(ctx: CellContext) -> Result:
    return _two_counts(ctx)


@pattern("count_for_count")
def count_for_count(ctx: CellContext) -> Result:
    first, m1 = _count(ctx)
    second, m2 = _count(ctx, ctx.other_noun(persons_only=True), governed_genitive=True)
    return [f"{first} dla {second}"], [m1, m2]


def _liczba(ctx: CellContext, sep: str) -> Result:
    noun = ctx.noun
    value = draw_value(ctx.rng, noun)
    name = f"Liczba {phrases.genitive_plural(noun)}"
    if noun.indicator and ctx.rng.random() < 0.7:
        name += " " + ctx.rng.choice(noun.indicator)
    number = format_number(value, phrases.decimals_of(value), ctx.style)
    return [f"{name}{sep}{number}"], [Measure(value, noun.lemma, noun.value_type)]


@pattern("liczba_dash")
def liczba_dash(ctx: CellContext) -> Result:
    return _liczba(ctx, ctx.rng.choice(DASHES))


@pattern("liczba_colon")
def liczba_colon(ctx: CellContext) -> Result:
    return _liczba(ctx, ": ")


def _bounded(ctx: CellContext, word: str, qualifier: str, genitive: bool) -> Result:
    text, m = _count(ctx, governed_genitive=genitive)
    return [f"{word} {text}"], [Measure(m.value, m.measure, m.value_type, qualifier)]


@pattern("upper_bound")
def upper_bound(ctx: CellContext) -> Result:
    return _bounded(ctx, "do", "do", True)


@pattern("at_least")
def at_least(ctx: CellContext) -> Result:
    return _bounded(ctx, "co najmniej", "co najmniej", False)


@pattern("above")
def above(ctx: CellContext) -> Result:
    return _bounded(ctx, "powyżej", "powyżej", True)


@pattern("online_whole")
def online_whole(ctx: CellContext) -> Result:
    text, m = _count(ctx)
    suffix = ctx.rng.choice([" on-line", " (on-line)", " w formie on-line"])
    return [text + suffix], [Measure(m.value, m.measure, m.value_type, "on-line")]


@pattern("online_part")
def online_part(ctx: CellContext) -> Result:
    noun = ctx.noun
    total = max(3.0, float(int(draw_value(ctx.rng, noun))))
    part = float(ctx.rng.randint(1, int(total) - 1))
    whole_text, m1 = counted(ctx.rng, noun, total, ctx.style)
    part_text, m2 = counted(ctx.rng, noun, part, ctx.style)
    measures = [m1, Measure(part, m2.measure, m2.value_type, "on-line")]
    return [f"{whole_text} (w tym {part_text} on-line)"], measures


def _breakdown_units(ctx: CellContext, count: int) -> list[Unit]:
    pool = [u for u in ctx.vocab.units if u.short[0].isupper()]
    return ctx.rng.sample(pool, count)


@pattern("unit_breakdown")
def unit_breakdown(ctx: CellContext) -> Result:
    parts: list[str] = []
    measures: list[Measure] = []
    for unit in _breakdown_units(ctx, ctx.rng.randint(2, 3)):
        text, m = _count(ctx)
        parts.append(f"{unit.short}: {text}")
        measures.append(Measure(m.value, m.measure, m.value_type, unit.short))
    if ctx.rng.random() < 0.5:
        return parts, measures
    return [ctx.rng.choice([", ", "; "]).join(parts)], measures


@pattern("unit_list_percent")
def unit_list_percent(ctx: CellContext) -> Result:
    units = _breakdown_units(ctx, ctx.rng.randint(2, 3))
    cuts = sorted(ctx.rng.sample(range(5, 96), len(units) - 1))
    values = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    paragraphs = [f"- {u.short}{ctx.rng.choice(DASHES)}{v}%" for u, v in zip(units, values, strict=True)]
    return paragraphs, [
        Measure(float(v), "%", "percent", u.short) for u, v in zip(units, values, strict=True)
    ]


@pattern("percent")
def percent(ctx: CellContext) -> Result:
    value = phrases.draw_percent(ctx.rng)
    return [phrases.percent_text(ctx.rng, value)], [Measure(value, "%", "percent")]


@pattern("odsetek_dash")
def odsetek_dash(ctx: CellContext) -> Result:
    noun = next((n for n in ctx.nouns if n.lemma in ctx.vocab.persons), ctx.vocab.noun("rodzina"))
    value = phrases.draw_percent(ctx.rng)
    name = f"Odsetek {phrases.genitive_plural(noun)}"
    if noun.indicator:
        name += " " + ctx.rng.choice(noun.indicator)
    return [f"{name}{ctx.rng.choice(DASHES)}{phrases.percent_text(ctx.rng, value)}"], [
        Measure(value, "%", "percent")
    ]


@pattern("hours")
def hours(ctx: CellContext) -> Result:
    noun = ctx.vocab.noun("godzina")
    text, m = _count(ctx, noun)
    if ctx.rng.random() < 0.4:
        text += " " + ctx.rng.choice(["zajęć", "pracy", "konsultacji", "dyżurów"])
    return [text], [m]


@pattern("fte")
def fte(ctx: CellContext) -> Result:
    text, m = _count(ctx, ctx.vocab.noun("etat"))
    return [text], [m]


@pattern("rate")
def rate(ctx: CellContext) -> Result:
    text, m = _count(ctx)
    qualifier = ctx.rng.choice(["miesięcznie", "rocznie"])
    if ctx.rng.random() < 0.5:
        text += " " + qualifier
    else:
        text += "/miesiąc" if qualifier == "miesięcznie" else "/rok"
    return [text], [Measure(m.value, m.measure, m.value_type, qualifier)]


@pattern("status_only")
def status_only(ctx: CellContext) -> Result:
    phrase, code = ctx.rng.choice(ctx.statuses)
    if ctx.rng.random() < 0.5:
        phrase = phrase[0].upper() + phrase[1:]
    return [phrase], [Measure(None, None, None, None, code)]


@pattern("status_then_count")
def status_then_count(ctx: CellContext) -> Result:
    achieved = [p for p, c in ctx.statuses if c == "achieved"] or ["zrealizowano"]
    phrase = ctx.rng.choice(achieved)
    text, m = _count(ctx)
    sep = ctx.rng.choice([" – ", ": ", ", "])
    return [f"{phrase[0].upper()}{phrase[1:]}{sep}{text}"], [
        Measure(m.value, m.measure, m.value_type, None, "achieved")
    ]


def _money(ctx: CellContext) -> tuple[str, Measure]:
    if ctx.rng.random() < 0.05:
        return "0,00 zł", Measure(0.0, "zł", "money")
    value = phrases.draw_money(ctx.rng)
    return phrases.money_text(ctx.rng, value, ctx.style), Measure(value, "zł", "money")


@pattern("money_plain")
def money_plain(ctx: CellContext) -> Result:
    text, m = _money(ctx)
    return [text], [m]


@pattern("money_thousands")
def money_thousands(ctx: CellContext) -> Result:
    thousands = round(ctx.rng.uniform(1, 900), ctx.rng.choice([0, 1, 1, 2]))
    number = format_number(thousands, phrases.decimals_of(thousands), ctx.style)
    return [f"{number} tys. zł"], [Measure(round(thousands * 1000, 2), "zł", "money")]


@pattern("money_millions")
def money_millions(ctx: CellContext) -> Result:
    millions = round(ctx.rng.uniform(1, 30), ctx.rng.choice([1, 2]))
    number = format_number(millions, phrases.decimals_of(millions), ctx.style)
    return [f"{number} mln zł"], [Measure(round(millions * 1_000_000, 2), "zł", "money")]


@pattern("kwota_colon")
def kwota_colon(ctx: CellContext) -> Result:
    text, m = _money(ctx)
    label = ctx.rng.choice(["Kwota dofinansowania", "Koszt", "Kwota wydatków", "Wydatkowano"])
    return [f"{label}: {text}"], [m]


def _indicator_value(ctx: CellContext, with_noun: bool) -> tuple[str, Measure]:
    if ctx.indicator_type == "percent":
        value = phrases.draw_percent(ctx.rng)
        return phrases.percent_text(ctx.rng, value), Measure(value, "%", "percent")
    if ctx.indicator_type == "money":
        return _money(ctx)
    noun = ctx.noun
    value = draw_value(ctx.rng, noun)
    if with_noun:
        return counted(ctx.rng, noun, value, ctx.style)
    return format_number(value, phrases.decimals_of(value), ctx.style), Measure(
        value, noun.lemma, noun.value_type
    )


@pattern("indicator_bare")
def indicator_bare(ctx: CellContext) -> Result:
    text, m = _indicator_value(ctx, False)
    return [text], [m]


@pattern("indicator_with_noun")
def indicator_with_noun(ctx: CellContext) -> Result:
    text, m = _indicator_value(ctx, True)
    return [text], [m]


@pattern("indicator_trend")
def indicator_trend(ctx: CellContext) -> Result:
    text, m = _indicator_value(ctx, False)
    word = ctx.rng.choice(["wzrost", "spadek", "Wzrost", "utrzymanie"])
    return [f"{word}{ctx.rng.choice([' – ', ': ', ' '])}{text}"], [m]


#: Patterns per column role. Roles not listed here take ACTIVITY_VALUE.
ACTIVITY_VALUE = (
    "count_simple", "count_complement", "count_adjective", "compound_comma", "compound_semicolon",
    "compound_lines", "count_for_count", "liczba_dash", "liczba_colon", "upper_bound", "at_least",
    "above", "online_whole", "online_part", "unit_breakdown", "unit_list_percent", "percent",
    "odsetek_dash", "hours", "fte", "rate", "status_only", "status_then_count",
)  # fmt: skip
BUDGET = ("money_plain", "money_thousands", "money_millions", "kwota_colon", "status_only")
INDICATOR = ("indicator_bare", "indicator_with_noun", "indicator_trend", "status_only")
#: Status codes a status-only cell may report in columns other than `actual`.
QUIET_STATUSES = ("no_data", "not_applicable")


def make_cell(ctx: CellContext, name: str) -> Cell:
    paragraphs, measures = PATTERNS[name](ctx)
    return Cell(paragraphs, measures)
