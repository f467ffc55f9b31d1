"""Inflection with Morfeusz 2, so that every counted noun has its gold lemma by construction."""

from __future__ import annotations

from functools import cache, lru_cache

import morfeusz2

_AVOID = ("arch", "daw", "rzad", "pot", "przest", "gwar")


@lru_cache(maxsize=1)
def _morfeusz() -> morfeusz2.Morfeusz:
    return morfeusz2.Morfeusz()


def base_lemma(lemma: str) -> str:
    """Morfeusz marks homonyms as 'lemma:s1'; the plain lemma is before the colon."""
    return lemma.split(":", 1)[0]


@cache
def _forms(lemma: str, pos: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out: list[tuple[str, tuple[str, ...]]] = []
    for entry in _morfeusz().generate(lemma):
        form, lem, tag, _names, quals = entry[0], entry[1], entry[2], entry[3], entry[4]
        if base_lemma(lem) != lemma or not tag.startswith(pos + ":"):
            continue
        if any(q.startswith(_AVOID) for qual in quals for q in qual.split(",")):
            continue
        out.append((form, tuple(tag.split(":"))))
    if not out:
        raise KeyError(f"Morfeusz does not know the {pos} {lemma!r}")
    return tuple(out)


def gender(lemma: str) -> str:
    """Gender of a noun ('m1', 'm2', 'm3', 'f', 'n')."""
    return _forms(lemma, "subst")[0][1][3].split(".")[0]


def noun_form(lemma: str, case: str, number: str, overrides: dict[str, str] | None = None) -> str:
    """The form of noun `lemma` in `case` ('nom', 'gen') and `number` ('sg', 'pl')."""
    key = f"{number}:{case}"
    if overrides and key in overrides:
        return overrides[key]
    for form, tag in _forms(lemma, "subst"):
        if tag[1] == number and case in tag[2].split("."):
            return form
    raise KeyError(f"no {key} form of {lemma!r}")


def adjective_form(lemma: str, case: str, number: str, noun_gender: str) -> str:
    """The positive-degree form of adjective `lemma` that agrees with a noun of `noun_gender`."""
    for form, tag in _forms(lemma, "adj"):
        if (
            tag[1] == number
            and case in tag[2].split(".")
            and noun_gender in tag[3].split(".")
            and tag[4] == "pos"
        ):
            return form
    raise KeyError(f"no {number}:{case}:{noun_gender} form of {lemma!r}")


def numeral_agreement(value: float, noun_gender: str, governed_genitive: bool = False) -> tuple[str, str]:
    """(case, number) of a noun counted by the digits of `value`.

    1 → nominative singular; 2–4 (not 12–14) → nominative plural (genitive plural for
    masculine-personal nouns); otherwise genitive plural; a fraction → genitive singular.
    After a preposition that governs the genitive ("do", "powyżej") the case is genitive.
    """
    if value != int(value):
        return "gen", "sg"
    n = int(value)
    if n == 1:
        return ("gen" if governed_genitive else "nom"), "sg"
    if not governed_genitive and noun_gender != "m1" and n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "nom", "pl"
    return "gen", "pl"


def lemmas_of(form: str) -> set[str]:
    """Every lemma Morfeusz gives for `form` (used by the tests)."""
    return {base_lemma(interp[2][1]) for interp in _morfeusz().analyse(form)}


_UNITS_WORDS = ("", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć")
_TEENS_WORDS = ("dziesięć", "jedenaście", "dwanaście", "trzynaście", "czternaście", "piętnaście",
                "szesnaście", "siedemnaście", "osiemnaście", "dziewiętnaście")  # fmt: skip
_TENS_WORDS = ("", "", "dwadzieścia", "trzydzieści", "czterdzieści", "pięćdziesiąt", "sześćdziesiąt",
               "siedemdziesiąt", "osiemdziesiąt", "dziewięćdziesiąt")  # fmt: skip


def _numeral_lemmas(n: int) -> list[str]:
    """The numeral lemmas that write 1 ≤ n ≤ 100 ("dwadzieścia", "dwa" for 22)."""
    if n == 100:
        return ["sto"]
    if n < 10:
        return [_UNITS_WORDS[n]]
    if n < 20:
        return [_TEENS_WORDS[n - 10]]
    tens, units = divmod(n, 10)
    return [_TENS_WORDS[tens]] + ([_UNITS_WORDS[units]] if units else [])


def _numeral_form(lemma: str, case: str, noun_gender: str) -> str:
    """The form of numeral `lemma` counting a noun of `noun_gender` in `case` (subject position:
    congruent "dwie osoby", "pięć spotkań"; for masculine-personal nouns the governing form
    "dwóch uczestników", "pięciu pracowników"), never a collective ("dwoje")."""
    if lemma == "jeden":
        return adjective_form("jeden", case, "sg", noun_gender)
    best: str | None = None
    genitives: list[tuple[int, str]] = []
    for form, tag in _forms(lemma, "num"):
        if len(tag) < 5 or tag[-1] == "col" or noun_gender not in tag[3].split("."):
            continue
        cases = tag[2].split(".")
        if case == "gen" and "gen" in cases and tag[4].startswith("congr"):
            genitives.append((len(cases), form))  # "dwóch" (gen.loc) before "dwu" (gen.dat.loc)
        if case == "nom" and "nom" in cases:
            if noun_gender == "m1" and tag[4] != "rec":
                continue  # "dwaj uczestnicy" is correct too, but reports write "dwóch uczestników"
            best = best or form
    if genitives:
        return min(genitives)[1]
    if best is None:
        raise KeyError(f"no {case} form of numeral {lemma!r} for gender {noun_gender}")
    return best


def numeral_words(n: int, noun_gender: str, governed_genitive: bool = False) -> str:
    """1 ≤ n ≤ 100 in words, agreeing with the counted noun ("dwie", "dwudziestu dwóch")."""
    case = "gen" if governed_genitive else "nom"
    if n == 1:
        return adjective_form("jeden", case, "sg", noun_gender)
    return " ".join(_numeral_form(lemma, case, noun_gender) for lemma in _numeral_lemmas(n))
