"""OCR repair of Polish text damaged by English-model tesseract (examples from seed 001)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raporty.polish.repair import _choose, repair_text, repair_token
from raporty.polish.repair_confusions import candidates, confusion_edits
from raporty.polish.repair_metrics import score_repair

BENCH = Path(__file__).resolve().parents[2] / "bench" / "data" / "repair"


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("Krakéw", "Kraków"),
        ("Spotecznej", "Społecznej"),
        ("dziatan", "działań"),
        ("mtodziezy", "młodzieży"),
        ("Osrodek", "Ośrodek"),
        ("zostat", "został"),
        ("Rozwigzywania", "Rozwiązywania"),
        ("dzie¢mi", "dziećmi"),
        ("Probleméw", "Problemów"),
        ("prawidtowym", "prawidłowym"),
        ("koniecznos¢", "konieczność"),
        ("specjalistyczng", "specjalistyczną"),
        ("Petnomocnik", "Pełnomocnik"),
    ],
)
def test_seed_001_words_are_repaired(ocr: str, expected: str) -> None:
    assert repair_token(ocr) == expected


def test_seed_001_line_keeps_numbers_spacing_and_punctuation() -> None:
    ocr = "Realizatorami zaplanowanych zadan sq: Wydziat Polityki Spotecznej, Rownosci i Zdrowia UMK,\n"
    expected = "Realizatorami zaplanowanych zadań są: Wydział Polityki Społecznej, Równości i Zdrowia UMK,\n"
    assert repair_text(ocr) == expected


def test_money_unit_after_number() -> None:
    assert repair_text("Osrodek 9 910 ustug\t6 540 600 zt") == "Ośrodek 9 910 usług\t6 540 600 zł"
    assert repair_text("1173840zt") == "1173840zł"


@pytest.mark.parametrize(
    "word",
    ["realizacji", "rodziny", "Kraków", "lata", "PCPR", "MOPS", "UMK", "ze", "na", "dzieci", "Wsparcia"],
)
def test_dictionary_words_and_acronyms_are_left_alone(word: str) -> None:
    assert repair_token(word) == word


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("KRAKÉW", "KRAKÓW"),
        ("SPOTECZNEJ", "SPOŁECZNEJ"),
        ("spotecznej", "społecznej"),
        ("OSrodka", "Ośrodka"),
    ],
)
def test_case_is_kept(ocr: str, expected: str) -> None:
    assert repair_token(ocr) == expected


def test_tall_capital_glitch_mid_sentence_is_lowercased() -> None:
    # "ś" read as "S": a common noun in mid-sentence goes back to lowercase, a line start stays.
    assert repair_text("funkcjonowania Srodowiska rodzinnego") == "funkcjonowania środowiska rodzinnego"
    assert repair_text("Srodowisko rodzinne") == "Środowisko rodzinne"


@pytest.mark.parametrize(
    "text",
    ["SZ/PSD/03", "K-2", "w 2021 roku", "1 839 660,39", "www.mops.krakow.pl", "[_Toc67987491]Cel", "Sdz2"],
)
def test_codes_numbers_and_addresses_are_untouched(text: str) -> None:
    assert repair_text(text) == text


def test_confusion_edits_counts_glyph_confusions() -> None:
    assert confusion_edits("dziatan", "działań") == 2
    assert confusion_edits("srodkoéw", "środków") == 2
    assert confusion_edits("dom", "kot") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_keeps_whitespace(text: str) -> None:
    repaired = repair_text(text)
    assert isinstance(repaired, str)
    assert re.findall(r"\s+", repaired) == re.findall(r"\s+", text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.one_of(st.none(), st.text(max_size=10)))
def test_repair_token_never_raises(token: str, prev: str | None) -> None:
    assert isinstance(repair_token(token, prev, prev), str)


def test_benchmark_wer_drops_on_real_tesseract_output() -> None:
    clean = (BENCH / "clean_002.txt").read_text(encoding="utf-8")
    ocr = (BENCH / "ocr_002.txt").read_text(encoding="utf-8")
    score = score_repair(clean, ocr, repair_text(ocr))
    assert score.wer_before > 0.25
    assert score.wer_after < score.wer_before * 0.2
    assert score.repairable_fixed > 0.8 * score.repairable
    assert score.over_correction < 0.005


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aącćeęlłnńoósśzżźtgqdéè6¢0imhfISZ", min_size=1, max_size=14))
def test_reading_search_itself_never_raises(word: str) -> None:
    # repair_token swallows errors; the search underneath must not rely on that.
    assert isinstance(_choose(word.lower(), after_number=False), str)
    assert all(edits >= 1 for _form, edits in candidates(word.lower(), limit=200))


def test_foreign_capitalised_names_are_kept() -> None:
    assert repair_text("kawiarnia Cafe na ulicy") == "kawiarnia Cafe na ulicy"


def test_preposition_selects_the_governed_case() -> None:
    assert repair_text("praca z rodzina i przed szkola") == "praca z rodziną i przed szkołą"


def test_adjective_agrees_with_the_repaired_noun_before_it() -> None:
    assert repair_text("z rodzina zastepcza") == "z rodziną zastępczą"
    assert repair_text("objętych pracą socjalna") == "objętych pracą socjalną"


def test_very_long_tokens_are_left_alone() -> None:
    token = "zt" * 50_000
    assert repair_text(f"12 {token} zt") == f"12 {token} zł"


def test_short_capitals_are_acronyms_unless_a_common_word_is_one_confusion_away() -> None:
    assert repair_text("ILOSC OSOB") == "ILOŚĆ OSÓB"
    assert repair_text("MOW, SA, OIK, GOPS, PCPR") == "MOW, SA, OIK, GOPS, PCPR"
