"""OCR repair of Polish text damaged by English-model tesseract (examples from seed 001)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raporty.polish.repair import _choose, repair_name, repair_text, repair_token
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


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        # one plain edit where no glyph confusion explains the word
        ("porozumhmienie", "porozumienie"),  # one glyph read twice with a mark between
        ("organizacgji", "organizacji"),  # a stray letter
        ("wspalnego", "wspólnego"),  # a changed letter, the diacritic from the fold index
        ("sprawozdaine", "sprawozdanie"),  # two letters swapped
    ],
)
def test_one_plain_edit_gives_a_known_word(ocr: str, expected: str) -> None:
    assert repair_token(ocr) == expected


def test_one_plain_edit_leaves_words_compound_parts_and_names() -> None:
    assert repair_text("zajęcia opiekuńczo-wychowawcze") == "zajęcia opiekuńczo-wychowawcze"
    assert repair_token("Cracoviensis") == "Cracoviensis"
    assert repair_token("radosny") == "radosny"  # known: never edited


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("Spotkaniadla seniorów", "Spotkania dla seniorów"),
        ("warsztaty dla dziecii rodziców", "warsztaty dla dzieci i rodziców"),
        ("działania narzecz osób starszych", "działania na rzecz osób starszych"),
        ("Pomoc rodzinom z dzie¢cmido lat 6", "Pomoc rodzinom z dziećmi do lat 6"),
        ("Kluby dla rodzin z dzieémidolat 3", "Kluby dla rodzin z dziećmi do lat 3"),
        ("Szkoleniaw gminach", "Szkolenia w gminach"),
        (
            "wsparcie rodzin niepetnosprawnychi ich opiekunów",
            "wsparcie rodzin niepełnosprawnych i ich opiekunów",
        ),
    ],
)
def test_names_get_back_the_spaces_ocr_lost(ocr: str, expected: str) -> None:
    assert repair_name(ocr) == expected


def test_glued_split_needs_common_words_and_an_unknown_form() -> None:
    assert repair_name("Capella Cracoviensis") == "Capella Cracoviensis"  # names stay
    assert repair_name("doświadczeni pracownicy") == "doświadczeni pracownicy"  # a word as written
    assert repair_name("rozwaj dzieci") == "rozwój dzieci"  # "ro z w aj" is no split: one edit
    assert repair_name("MOPSGOPS") == "MOPSGOPS"  # capitals are acronyms
    assert repair_text("dziecii") == "dziecii"  # running text keeps its words one to one


def test_split_ć_glyph_pairs_read_as_one_letter() -> None:
    assert confusion_edits("dzie¢cmi", "dziećmi") == 1
    assert confusion_edits("dzieé¢mi", "dziećmi") == 1


def test_an_o_read_as_zero_and_cut_off_its_word_is_joined_back() -> None:
    assert repair_name("poradnik dla 0 sob starszych") == "poradnik dla osób starszych"
    assert repair_name("Rodzin 0 raz dzieci") == "Rodzin oraz dzieci"
    assert repair_name("pomoc dla 0 dzieci") == "pomoc dla 0 dzieci"  # a count: "dzieci" is a word
    assert repair_name("w roku 2020 0 sob") == "w roku 2020 0 sob"  # after a number: not a word's o


def test_a_capital_one_letter_preposition_between_lowercase_words_is_lowercased() -> None:
    assert repair_name("Opieka nad dzieckiem Z autyzmem") == "Opieka nad dzieckiem z autyzmem"
    assert repair_name("spotkania W szkołach") == "spotkania w szkołach"
    assert repair_name("Program Z Energią") == "Program Z Energią"  # a title: capitals around it


def test_misread_words_tell_ocr_output_where_no_glyph_shows() -> None:
    from raporty.polish.repair import misread_words, written_by_ocr

    damaged = (
        "Naktad na rok 2023, wartosć wskaźnika, liczba szkoleń dla pracownikéw i wolontariuszy, sptkania"
    )
    assert misread_words(damaged)[0] >= 3
    assert written_by_ocr(damaged)
    clean = "Nakład na rok 2023 dla Fundacji Siemacha, Stowarzyszenia Vivere i Klubu Zacisze przy ul. Kalwaryjskiej"
    assert misread_words(clean)[0] == 0
    assert not written_by_ocr(clean)
    # a long born-digital text with a typo or two, and parts of hyphenated words, is not OCR output
    long_clean = " ".join(
        [clean] * 3 + ["spotkania on-line dla rodziców i Szkola Podstawowa nr 3, Przedszkole"]
    )
    assert misread_words(long_clean)[0] == 1
    from wordfreq import top_n_list

    prose = " ".join(w for w in top_n_list("pl", 600) if len(w) >= 4)  # some 400 common words
    typos = "Szkola, spoteczna, wartosć"
    assert misread_words(f"{prose} {typos}")[0] == 3
    assert not written_by_ocr(f"{prose} {typos}")  # three slips in a long text: a typist's
    assert written_by_ocr(f"{clean} {typos}")  # the same three in a short one: OCR output


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("pornocy", "pomocy"),
        ("gómik", "górnik"),
        ("oclpowiedzialny", "odpowiedzialny"),
        ("vvsparcie", "wsparcie"),
    ],
)
def test_letters_drawn_alike_are_told_apart(ocr: str, expected: str) -> None:
    # rn / m, cl / d, vv / w: glyph pairs of tight or blurred print, not Polish diacritics
    assert repair_token(ocr) == expected


def test_letters_are_counted_as_str_isalpha_counts_them() -> None:
    """The share of Polish diacritics is taken over letters only: digits, signs, underscores and
    the numeric signs a regular expression's \\w takes (², ½) are not letters."""
    from raporty.polish.damage import _letters, looks_ocr_damaged, polish_letter_ratio

    assert _letters("Zespół² 12_½ osób, w tym 3 dzieci.") == 20
    assert polish_letter_ratio("Zespół² 12_½ osób") == 1 / 10  # ł (ó is not of the set OCR loses)
    assert _letters("") == 0 and polish_letter_ratio("123 ²") == 0.0
    clean = "Liczba rodzin objętych wsparciem asystenta rodziny w ciągu roku. " * 5
    assert not looks_ocr_damaged(clean)
    assert looks_ocr_damaged(clean.replace("ę", "e").replace("ą", "a"))
    assert looks_ocr_damaged("Krakéw") and not looks_ocr_damaged("Kraków")
