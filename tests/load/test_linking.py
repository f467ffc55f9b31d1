"""Cross-report activity linking, measured on hand-labelled pairs from two Kraków programme reports.

The activity names come from the hand-verified expected files of seed 000 (2019–2021 programme,
2021 annex) and seed 001 (2025–2027 programme). LINKED lists the pairs a person judged to be the
same activity (19 identical names plus renamed or reworded ones); every other pair of a 000 name
and a 001 name is a different activity. Names of seed 002 (another county's strategy) must link
to nothing in the two Kraków reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from raporty.load.linking import Activity, lemma_text, link_activities, plan_links, similarity
from raporty.load.migrations import migrate
from raporty.settings import settings

EXPECTED = Path(__file__).resolve().parents[1] / "expected"

# (seed 001 name, seed 000 name) judged the same activity; names abbreviated to unique prefixes.
LINKED = [
    ("Prowadzenie poradnictwa rodzinnego i terapii", "Prowadzenie poradnictwa rodzinnego i terapii"),
    ("Organizacja usługi asystenta rodziny, w tym", "Organizacja usługi asystenta rodziny, w tym"),
    ("Organizacja pomocy w formie rodzin wspierających", "Organizacja pomocy w formie rodzin wspierających"),
    ("Prowadzenie Klubów Rodziców z Dziećmi do lat 3", "Prowadzenie Klubów Rodziców"),
    ("Bezpłatne wsparcie psychologiczne rodzin z", "Bezpłatne wsparcie psychologiczne rodzin z"),
    ("Organizacja w czterech filiach Biblioteki", "Organizacja w filii nr 56 Biblioteki"),
    (
        "Prowadzenie i rozwijanie kanałów komunikacji z krakowskimi",
        "Prowadzenie i rozwijanie kanałów komunikacji z krakowskimi",
    ),
    (
        "Prowadzenie portalu/zakładki informacyjnej o usługach dedykowanych rodzinie - kkr",
        "Prowadzenie portalu/zakładki informacyjnej o usługach dedykowanych rodzinie - kkr",
    ),
    ("Program Krakowska Karta Rodzinna 3+", "Program Krakowska Karta Rodzinna 3+"),
    ("Prowadzenie placówek wsparcia dziennego", "Prowadzenie placówek wsparcia dziennego"),
    ("Organizacja zajęć profilaktycznych dla dzieci", "Organizacja zajęć profilaktycznych dla dzieci"),
    (
        "Prowadzenie działań profilaktycznych w formie szkoleń, wykładów skierowanych do dzieci",
        "Prowadzenie działań profilaktycznych w formie szkoleń, wykładów skierowanych do dzieci",
    ),
    ("Organizacja wsparcia udzielanego przez Poradnie", "Organizacja wsparcia udzielanego przez Poradnie"),
    ("Organizowanie spotkań z psychologiem", "Organizacja spotkań z psychologiem"),
    ("Realizacja projektu „Mecenas", "Realizacja projektu „Mecenas"),
    ("Prowadzenie w „Strefie Nastolatka”", "Prowadzenie w „Strefie Nastolatka”"),
    ("Świadczenie usługi asystenta w rodzinie", "Organizowanie usługi asystenta w rodzinie"),
    ("Świadczenie specjalistycznych usług dla rodzin", "Organizowanie i świadczenie specjalistycznych usług"),
    ("Program Kraków dla Rodziny N", "Program Kraków dla Rodziny N"),
    (
        "Prowadzenie Klubów Rodziców z dzieckiem do lat 3 o",
        "Prowadzenie Klubów Rodziców z dzieckiem do lat 3 o",
    ),
    ("Bezpłatne wsparcie psychologiczne, pedagogiczne", "Bezpłatne wsparcie psychologiczne, pedagogiczne"),
    ("Realizacja rządowego programu „Za życiem”", "Realizacja rządowego programu „Za życiem”"),
    (
        "Aktualizowanie informatora dla osób niepełnosprawnych",
        "Aktualizowanie informatora dla osób niepełnosprawnych",
    ),
    ("Organizowanie w mieście wypoczynku", "Organizowanie w mieście wycieczki"),
    ("Udzielanie pomocy w formie jednorazowego", "Udzielanie pomocy w formie jednorazowego"),
    ("Organizacja zajęć wspierających rozwój dzieci", "Organizacja zajęć wspierających rozwój dzieci"),
    ("Organizowanie i realizacja usługi „Pomoc w domu”", "Organizowanie i realizacja usługi „Pomoc w domu”"),
]


def _names(stem: str) -> list[str]:
    lines = (EXPECTED / f"{stem}.facts.jsonl").read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(json.loads(line)["activity"] for line in lines if line.strip()))


def _resolve(prefix: str, names: list[str]) -> str:
    hits = [name for name in names if name.startswith(prefix)]
    exact = [name for name in hits if name == prefix]
    assert len(exact) == 1 or len(hits) == 1, f"prefix {prefix!r} names {len(hits)} activities"
    return exact[0] if exact else hits[0]


@pytest.fixture(scope="module")
def names() -> dict[str, list[str]]:
    return {
        "000": _names("mops_krakow_2021_annex"),
        "001": _names("program_wspierania_rodziny_2025_2027"),
        "002": _names("pcpr_strategy_monitoring_2023"),
    }


@pytest.fixture(scope="module")
def labelled(names: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(_resolve(new, names["001"]), _resolve(old, names["000"])) for new, old in LINKED}


def _load_names(con: duckdb.DuckDBPyConnection, document_id: int, names: list[str]) -> None:
    """Write one document's activities and one fact each, as a load does, then link."""
    for name in names:
        row = con.execute(
            "INSERT INTO dim_activity (name, normalised) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING activity_id",
            [name, name.lower()],
        ).fetchall()
        activity_id = (
            row[0][0]
            if row
            else con.execute(
                "SELECT activity_id FROM dim_activity WHERE normalised = ?", [name.lower()]
            ).fetchall()[0][0]
        )
        con.execute(
            "INSERT INTO fact_measure (document_id, activity_id, kind, raw_text) VALUES (?, ?, 'actual', '')",
            [document_id, activity_id],
        )
    link_activities(con)


@pytest.fixture(scope="module")
def linked_db(names: dict[str, list[str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    for document_id, seed in enumerate(("000", "001", "002"), start=1):
        _load_names(con, document_id, names[seed])
    return con


def _key_pairs(con: duckdb.DuckDBPyConnection, new_document: int, old_document: int) -> set[tuple[str, str]]:
    rows = con.execute(
        """
        SELECT DISTINCT n.name, o.name
        FROM fact_measure fn JOIN dim_activity n ON n.activity_id = fn.activity_id
        JOIN dim_activity o ON o.activity_key = n.activity_key AND o.activity_id <> n.activity_id
        JOIN fact_measure fo ON fo.activity_id = o.activity_id
        WHERE fn.document_id = ? AND fo.document_id = ?
        """,
        [new_document, old_document],
    ).fetchall()
    identical = con.execute(
        """
        SELECT DISTINCT a.name FROM dim_activity a
        JOIN fact_measure f1 ON f1.activity_id = a.activity_id AND f1.document_id = ?
        JOIN fact_measure f2 ON f2.activity_id = a.activity_id AND f2.document_id = ?
        """,
        [new_document, old_document],
    ).fetchall()
    return {(n, o) for n, o in rows} | {(n, n) for (n,) in identical}


def test_lemma_text_ignores_inflection_and_function_words() -> None:
    assert lemma_text("organizacja wczesnego wspomagania rozwoju") == lemma_text(
        "organizacja wczesnego wspomaganie rozwoju"
    )
    assert lemma_text("Prowadzenie Klubów Rodziców") == "prowadzenie klub rodzic"
    assert "dla" not in lemma_text("Warsztaty plastyczne dla dzieci").split()


def test_lemma_text_reads_through_ocr_damage() -> None:
    # tesseract's English model reads "ó" as "é" and "ł" as "t": "Klubéw Rodzicéw", "Wydziat"
    assert lemma_text("Prowadzenie Klubéw Rodzicéw") == lemma_text("Prowadzenie Klubów Rodziców")


def test_similarity_prefers_the_reworded_twin_over_a_rival() -> None:
    new = lemma_text("Organizowanie spotkań z psychologiem")
    assert (
        similarity(new, lemma_text("Organizacja spotkań z psychologiem")) >= settings.activity_link_threshold
    )
    assert (
        similarity(new, lemma_text("Organizacja spotkań z dietetykiem i warsztatów zdrowego żywienia"))
        < settings.activity_link_threshold
    )


def test_two_names_in_one_document_never_share_a_key() -> None:
    known = [Activity(1, lemma_text("Prowadzenie Klubów Rodziców"), frozenset({1}), key=1)]
    new = [
        Activity(2, lemma_text("Prowadzenie Klubów Rodziców z dziećmi"), frozenset({2})),
        Activity(3, lemma_text("Prowadzenie Klubów Rodziców w dzielnicach"), frozenset({2})),
    ]
    links = {link.activity_id: link for link in plan_links(new, known, threshold=50)}
    assert sorted(link.activity_key for link in links.values()) == [1, 3]
    assert links[3].confidence == 1.0 and links[3].activity_key == 3
    # and an activity never joins a key already used in its own document
    same_doc = [Activity(4, lemma_text("Prowadzenie Klubów Rodziców"), frozenset({1}))]
    assert plan_links(same_doc, known)[0].activity_key == 4
    # a name no loaded document uses any more is not linked
    orphan = [Activity(5, lemma_text("Prowadzenie Klubów Rodziców"), frozenset())]
    assert plan_links(orphan, known)[0].activity_key == 5


def test_linking_precision_and_recall_on_labelled_pairs(
    linked_db: duckdb.DuckDBPyConnection, labelled: set[tuple[str, str]], names: dict[str, list[str]]
) -> None:
    predicted = _key_pairs(linked_db, 2, 1)
    true_positive = len(predicted & labelled)
    precision = true_positive / len(predicted)
    recall = true_positive / len(labelled)
    negatives = len(names["000"]) * len(names["001"]) - len(labelled)
    print(
        f"\nlinking 001→000 at threshold {settings.activity_link_threshold:.0f}: {len(labelled)} same-activity pairs, "
        f"{negatives} different pairs; predicted {len(predicted)}, correct {true_positive}: "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    for new, old in sorted(predicted - labelled):
        print(f"  false link: {new[:60]!r} → {old[:60]!r}")
    for new, old in sorted(labelled - predicted):
        print(f"  missed:     {new[:60]!r} → {old[:60]!r}")
    assert precision >= 0.95
    assert recall >= 0.95


def test_another_county_links_to_nothing(linked_db: duckdb.DuckDBPyConnection) -> None:
    assert _key_pairs(linked_db, 3, 1) == set()
    assert _key_pairs(linked_db, 3, 2) == set()


def test_keys_and_confidence_are_stored(linked_db: duckdb.DuckDBPyConnection) -> None:
    assert (
        linked_db.execute("SELECT count(*) FROM dim_activity WHERE activity_key IS NULL").fetchall()[0][0]
        == 0
    )
    confidence = linked_db.execute(
        "SELECT n.link_confidence FROM dim_activity n WHERE n.name = 'Organizowanie spotkań z psychologiem'"
    ).fetchall()[0][0]
    assert settings.activity_link_threshold / 100 <= confidence < 1.0
    key_of = dict(linked_db.execute("SELECT name, activity_key FROM dim_activity").fetchall())
    assert key_of["Organizowanie spotkań z psychologiem"] == key_of["Organizacja spotkań z psychologiem"]
    assert (
        key_of["Prowadzenie Klubów Rodziców z dzieckiem z niepełnosprawnością wzroku"]
        != key_of["Prowadzenie Klubów Rodziców"]
    )
