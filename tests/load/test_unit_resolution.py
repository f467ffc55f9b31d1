"""Responsible units as entities: fuzzy-threshold pairs, the resolver, and a real ingest of 000 + 001."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import duckdb
import pytest
from rapidfuzz import fuzz

from raporty.cli import main as cli_main
from raporty.load.unit_store import UnitStore
from raporty.load.warehouse import Warehouse
from raporty.normalize import unit_resolver
from raporty.normalize.unit_resolver import (
    UnitResolver,
    abbreviates,
    alias_key,
    initials,
    lemma_key,
    name_similarity,
    parse_alias_csv,
)
from raporty.normalize.units import UnitMention
from raporty.settings import settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ANNEX_DOCX = FIXTURES / "docx" / "mops_krakow_2021_annex.docx"  # seed 000
PROGRAMME_TXT = FIXTURES / "text" / "program_wspierania_rodziny_2025_2027.txt"  # seed 001 (OCR)
MOPS = "Miejski Ośrodek Pomocy Społecznej"
WPSZ = "Wydział Polityki Społecznej i Zdrowia UMK"  # 2021 name (seed 000)
WPSRZ = "Wydział Polityki Społecznej, Równości i Zdrowia UMK"  # 2025 name (seed 001)

# A short report whose unit cells name MOPS only by its abbreviation.
SHORT_REPORT = (
    "Sprawozdanie z realizacji Programu Wspierania Rodziny w 2022 roku\n\nI Wsparcie rodzin\n\n"
    "Planowane do realizacji działania\tKomórka/ jednostka odpowiedzialna za realizację\t"
    "Wskaźniki rezultatów zaplanowanych działań w 2022 roku\tZakres realizacji zadania w 2022 roku\n"
    "Prowadzenie grup wsparcia dla rodziców\tMOPS\t10 grup\t12 grup\n"
)

# Name pairs from the sample reports (000, 001): spellings of one unit, and different units.
SAME_UNIT = [
    (
        "Wydział Profilaktyki Straży Miejskiej Miasta Krakowa",
        "Wydział Profilaktyki Straży Miejskiej Miasta Kraków",
    ),
    ("Muzeum Sztuki Współczesnej MOCAK", "Muzeum Sztuki Współczesnej MOCaK"),
    ("Muzeum Sztuki Współczesnej MOCAK", "Muzeum Sztuki Współczesnej MOCAM"),
    ("Teatr Łaźnia Nowa", "Teatr Łąźnia Nowa"),
    ("Teatr Groteska", "Teatr Grotoska"),
    (WPSZ, "Wydział Polityki Społecznej i Zdrowia"),
    ("Miejskie Centrum Profilaktyki Uzależnień", "Miejskie Centrom Profilaktyki Uzależnień"),
    ("organizacje pozarządowe", "organizacja pozarządowa"),
    ("Organizacje Pozarządowe", "organizacje pozarządowe"),
    (WPSRZ, "Wydział Polityki Społecznej, Réwnoscii Zdrowia UMK"),
    (WPSRZ, "Wydział Polityki Społecznej, Roéwnoscii Zdrowia UMK"),
    (WPSRZ, "Woydziat Polityki Społecznej, Réwnoscii Zdrowia UMK"),
    (WPSRZ, "Wydział Polityki Społecznej, Równości i Zdrowia"),
    ("Pełnomocnik PMK ds. Rodziny", "Pełnomocnik PMKds. Rodziny"),
    ("Krakowskie Centrum Świadczeń", "Krakowskie Centrum świadczeń"),
    ("Ośrodek Kultury im. C. K. Norwida", "Ośrodek Kultury im. C.K. Norwida"),
    ("Ośrodek Kultury Kraków-Nowa Huta", "Ośrodek Kultury Kraków Nowa Huta"),
    (MOPS, "Miegjski Ośrodek Pomocy Społecznej"),
]
# OCR lost a whole word: left as separate units (a shorter name may be another unit); merge in the alias file.
TRUNCATED = [
    ("Wydział Edukacji i Projektów Edukacyjnych UMK", "Wydział Edukacji i Projektów UMK"),
    (WPSRZ, "Wydział Polityki Społecznej, Równości i UMK"),
]
DIFFERENT_UNITS = [
    (WPSZ, WPSRZ),  # renamed department: a new name is a new unit unless the alias file merges them
    ("Wydział Edukacji UMK", "Wydział Edukacji i Projektów Edukacyjnych UMK"),  # renamed too
    ("Muzeum Historyczne Miasta Krakowa", "Muzeum Krakowa"),  # renamed too
    (
        "Wydział Profilaktyki Straży Miejskiej Miasta Krakowa",
        "Referat Profilaktyki Straży Miejskiej Miasta Krakowa",
    ),
    ("Wydział Edukacji UMK", "Wydział Sportu UMK"),
    ("Wydział Edukacji UMK", "Wydział Mieszkalnictwa UMK"),
    ("Klub Malwa KFK", "Klub Strych KFK"),
    ("Klub Malwa KFK", "Krakowskie Forum Kultury"),
    ("Integracyjny Klub Kultury Olsza KFK", "Klub Strych KFK"),
    ("Pełnomocnik PMK ds. Rodziny", "Pełnomocnik PMK ds. Polityki Senioralnej"),
    ("Muzeum Krakowa", "Muzeum Fotografii"),
    ("Muzeum Historyczne Miasta Krakowa", "Muzeum Armii Krajowej"),
    ("Centrum Kultury Podgórze", "Nowohuckie Centrum Kultury"),
    (MOPS, "Miejskie Centrum Profilaktyki Uzależnień"),
    (MOPS, "Gminny Ośrodek Pomocy Społecznej"),  # MOPS vs GOPS (002)
    (MOPS, "Ośrodek Interwencji Kryzysowej"),
    ("Powiatowe Centrum Pomocy Rodzinie", "Miejskie Centrum Pomocy Rodzinie"),
    ("Zarząd Zieleni Miejskiej", "Zarząd Infrastruktury Sportowej"),
    ("Zarząd Zieleni Miejskiej", "Zarząd Budynków Komunalnych"),
    ("Ośrodek Kultury im. C. K. Norwida", "Ośrodek Kultury Kraków-Nowa Huta"),
    ("Krakowskie Centrum Świadczeń", "Krakowskie Forum Kultury"),
    ("Teatr Groteska", "Teatr Łaźnia Nowa"),
    ("Muzeum Fotografii", "Muzeum Armii Krajowej"),
    (WPSRZ, "Wydział Edukacji i Projektów Edukacyjnych UMK"),
]


def _raw_score(a: str, b: str) -> float:
    """The fuzzy score alone, without the dictionary-word veto."""
    return max(fuzz.ratio(alias_key(a), alias_key(b)), fuzz.ratio(lemma_key(a), lemma_key(b)))


def _precision_recall(score, threshold: float) -> tuple[float, float]:
    true_positive = sum(score(a, b) >= threshold for a, b in SAME_UNIT)
    false_positive = sum(score(a, b) >= threshold for a, b in DIFFERENT_UNITS)
    predicted = true_positive + false_positive
    return (true_positive / predicted if predicted else 1.0), true_positive / len(SAME_UNIT)


def test_fuzzy_threshold_on_sample_name_pairs() -> None:
    print(
        f"\n{len(SAME_UNIT)} same-unit pairs, {len(DIFFERENT_UNITS)} different-unit pairs, {len(TRUNCATED)} truncated"
    )
    for threshold in (85.0, 88.0, 90.0, settings.unit_fuzzy_threshold, 95.0):
        raw = _precision_recall(_raw_score, threshold)
        full = _precision_recall(name_similarity, threshold)
        print(f"threshold {threshold:5.1f}: fuzzy alone precision {raw[0]:.3f} recall {raw[1]:.3f}; "
              f"with dictionary-word veto precision {full[0]:.3f} recall {full[1]:.3f}")  # fmt: skip
    worst_same = min(name_similarity(a, b) for a, b in SAME_UNIT)
    best_different_raw = max(_raw_score(a, b) for a, b in DIFFERENT_UNITS)
    print(
        f"lowest same-unit score {worst_same:.1f}; highest different-unit fuzzy score {best_different_raw:.1f}"
    )
    assert _precision_recall(name_similarity, settings.unit_fuzzy_threshold) == (1.0, 1.0)
    assert (
        _precision_recall(_raw_score, settings.unit_fuzzy_threshold)[0] == 1.0
    )  # the threshold alone keeps them apart too
    assert best_different_raw < settings.unit_fuzzy_threshold <= worst_same
    assert all(name_similarity(a, b) < settings.unit_fuzzy_threshold for a, b in TRUNCATED)


def test_initials_and_abbreviations() -> None:
    assert initials(MOPS) == "MOPS"
    assert initials("Pełnomocnik PMK ds. Rodziny") == "PPR"
    assert abbreviates("MOPS", MOPS)
    assert abbreviates("WE", "Wydział Edukacji UMK")  # a trailing "UMK" may be left out
    assert not abbreviates("SZ", WPSZ)  # "SZ/PSD/03" is a code, not this name's abbreviation
    assert not abbreviates("KFK", "Klub Malwa KFK")  # the parent's abbreviation inside the name
    assert not abbreviates("MOPS", "MOPS")


def test_alias_csv_format() -> None:
    text = "alias,canonical\n# a comment\nMOPS,Miejski Ośrodek Pomocy Społecznej\n" + f'"{WPSZ}","{WPSRZ}"\n'
    assert parse_alias_csv(text) == {"mops": MOPS, alias_key(WPSZ): WPSRZ}
    assert parse_alias_csv("alias,canonical\nTeatr Grotoska,Teatr Grotoska\n") == {
        "teatr grotoska": "Teatr Grotoska"
    }
    packaged = files("raporty.schemas").joinpath("unit_aliases.csv").read_text(encoding="utf-8")
    assert packaged.splitlines()[0] == "alias,canonical"
    assert all(key == alias_key(key) for key in parse_alias_csv(packaged))


# the resolver on an empty warehouse ---------------------------------------------------------------------
@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with Warehouse(tmp_path / "units.duckdb") as wh:
        yield wh.con


def _units(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    return con.execute("SELECT name, abbreviation FROM dim_unit ORDER BY unit_id").fetchall()


def test_abbreviation_first_then_full_name(warehouse: duckdb.DuckDBPyConnection) -> None:
    resolver = UnitResolver(UnitStore(warehouse))
    first = resolver.resolve(UnitMention("MOPS"))
    assert _units(warehouse) == [("MOPS", "MOPS")]
    assert resolver.resolve(UnitMention(MOPS)) == first  # initials spell the abbreviation
    assert resolver.resolve(UnitMention(MOPS, "MOPS/OBA")) == first
    assert _units(warehouse) == [(MOPS, "MOPS")]  # the full name replaced the abbreviation
    resolver.flush()
    aliases = dict(warehouse.execute("SELECT alias, kind FROM unit_alias").fetchall())
    assert aliases == {"mops": "name", alias_key(MOPS): "name", "mops/oba": "code"}


def test_code_teaches_the_abbreviation(warehouse: duckdb.DuckDBPyConnection) -> None:
    resolver = UnitResolver(UnitStore(warehouse))
    unit = resolver.resolve(UnitMention(MOPS, "MOPS/UBO/01"))
    other = resolver.resolve(UnitMention(WPSZ, "SZ/PSD/03"))
    assert resolver.resolve(UnitMention("MOPS")) == unit
    assert resolver.resolve(UnitMention("SZ")) != other  # SZ does not spell the department's initials
    assert _units(warehouse)[:2] == [(MOPS, "MOPS"), (WPSZ, None)]


def test_ambiguous_initials_make_a_new_unit(warehouse: duckdb.DuckDBPyConnection) -> None:
    resolver = UnitResolver(UnitStore(warehouse))
    mops = resolver.resolve(UnitMention(MOPS))
    other = resolver.resolve(UnitMention("Miejski Ośrodek Profilaktyki Seniorów"))
    assert other != mops
    bare = resolver.resolve(UnitMention("MOPS"))
    assert bare not in (mops, other)


def test_renamed_department_is_a_new_unit_unless_the_alias_file_merges(
    warehouse: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolver = UnitResolver(UnitStore(warehouse))
    assert resolver.resolve(UnitMention(WPSZ)) != resolver.resolve(UnitMention(WPSRZ))
    resolver.flush()
    assert len(_units(warehouse)) == 2
    monkeypatch.setattr(unit_resolver, "alias_file", lambda: {alias_key(WPSZ): WPSRZ})
    merged = UnitResolver(
        UnitStore(warehouse)
    )  # a new load applies the alias file to the units already stored
    assert _units(warehouse) == [(WPSRZ, None)]
    assert merged.resolve(UnitMention(WPSZ)) == merged.resolve(UnitMention(WPSRZ))


def test_pinned_spelling_is_its_own_unit(
    warehouse: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolver = UnitResolver(UnitStore(warehouse))
    groteska = resolver.resolve(UnitMention("Teatr Groteska"))
    assert resolver.resolve(UnitMention("Teatr Grotoska")) == groteska  # fuzzy: one letter differs
    resolver.flush()
    monkeypatch.setattr(unit_resolver, "alias_file", lambda: {"teatr grotoska": "Teatr Grotoska"})
    pinned = UnitResolver(UnitStore(warehouse))  # the next load drops the fuzzy alias
    other = pinned.resolve(UnitMention("Teatr Grotoska"))
    assert other != groteska
    assert _units(warehouse) == [("Teatr Groteska", None), ("Teatr Grotoska", None)]


# a real ingest of 000 (DOCX) and 001 (OCR text) ---------------------------------------------------------
def _ingest(db: Path, *paths: Path) -> None:
    assert cli_main(["ingest", *map(str, paths), "--db", str(db), "--quiet"]) == 0


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("units")
    short = folder / "mops_short_2022.txt"
    short.write_text(SHORT_REPORT, encoding="utf-8")
    db = folder / "warehouse.duckdb"
    _ingest(db, ANNEX_DOCX, PROGRAMME_TXT, short)
    return db


def _unit_of(con: duckdb.DuckDBPyConnection, alias: str) -> int:
    return con.execute("SELECT unit_id FROM unit_alias WHERE alias = ?", [alias_key(alias)]).fetchall()[0][0]


def test_mops_is_one_unit_with_its_aliases(loaded: Path) -> None:
    with duckdb.connect(str(loaded), read_only=True) as con:
        unit = _unit_of(con, MOPS)
        assert _unit_of(con, "MOPS") == _unit_of(con, "mops/oba") == unit
        name, abbreviation = con.execute(
            "SELECT name, abbreviation FROM dim_unit WHERE unit_id = ?", [unit]
        ).fetchall()[0]
        assert (name, abbreviation) == (MOPS, "MOPS")
        aliases = {
            a for (a,) in con.execute("SELECT alias FROM unit_alias WHERE unit_id = ?", [unit]).fetchall()
        }
        assert {"mops", "mops/oba", "mops/prz/07", alias_key(MOPS)} <= aliases
        # every document that names MOPS (full name in 000 and 001, the abbreviation in the short report)
        documents = con.execute(
            "SELECT DISTINCT d.file_name FROM bridge_activity_unit b JOIN dim_document d USING (document_id) "
            "WHERE b.unit_id = ? ORDER BY 1",
            [unit],
        ).fetchall()
        assert [d for (d,) in documents] == [ANNEX_DOCX.name, "mops_short_2022.txt", PROGRAMME_TXT.name]
        units = con.execute(
            "SELECT units FROM v_facts WHERE activity = 'Prowadzenie grup wsparcia dla rodziców' LIMIT 1"
        ).fetchall()[0][0]
        assert units == [MOPS]


def test_unit_rows_are_plausible(loaded: Path) -> None:
    with duckdb.connect(str(loaded), read_only=True) as con:
        count = con.execute("SELECT count(*) FROM dim_unit").fetchall()[0][0]
        names = {n for (n,) in con.execute("SELECT name FROM dim_unit").fetchall()}
        print(f"\n{count} units from the 000 annex, the 001 programme and a short report")
        # 000 names about 40 different units in 59 spellings; 001 adds a few and some OCR-broken names
        assert 35 <= count <= 55
        assert {MOPS, WPSZ, WPSRZ, "Wydział Edukacji UMK", "Teatr Groteska"} <= names
        assert "Teatr Grotoska" not in names and "Miejskie Centrom Profilaktyki Uzależnień" not in names
        assert not any(
            n.startswith(("Pomocy", "Społecznej", "Równości", "UMK")) for n in names
        )  # no wrapped halves


def test_alias_file_entry_merges_two_units(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Path(shutil.copy(loaded, tmp_path / "warehouse.duckdb"))
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT count(*) FROM dim_unit").fetchall()[0][0]
        links = con.execute("SELECT count(*) FROM bridge_activity_unit").fetchall()[0][0]
        assert _unit_of(con, WPSZ) != _unit_of(con, WPSRZ)
    aliases = tmp_path / "unit_aliases.csv"
    packaged = files("raporty.schemas").joinpath("unit_aliases.csv").read_text(encoding="utf-8")
    aliases.write_text(packaged.rstrip("\n") + f'\n"{WPSZ}","{WPSRZ}"\n', encoding="utf-8")
    monkeypatch.setattr(
        unit_resolver, "alias_file", lambda: parse_alias_csv(aliases.read_text(encoding="utf-8"))
    )
    another = tmp_path / "another_2023.txt"
    another.write_text(SHORT_REPORT.replace("2022", "2023"), encoding="utf-8")
    _ingest(db, another)
    with duckdb.connect(str(db), read_only=True) as con:
        assert _unit_of(con, WPSZ) == _unit_of(con, WPSRZ)
        assert con.execute(
            "SELECT name FROM dim_unit WHERE unit_id = ?", [_unit_of(con, WPSZ)]
        ).fetchall() == [(WPSRZ,)]
        assert con.execute("SELECT count(*) FROM dim_unit").fetchall()[0][0] == before - 1
        # the 000 annex's activities now point at the merged unit (one more link for the new report)
        after = con.execute("SELECT count(*) FROM bridge_activity_unit").fetchall()[0][0]
        assert before and after == links + 1


def test_reloaded_document_drops_units_nobody_names(tmp_path: Path) -> None:
    report = tmp_path / "short_report.txt"
    report.write_text(SHORT_REPORT.replace("\tMOPS\t", "\tMOPS, Teatr Ludowy\t"), encoding="utf-8")
    db = tmp_path / "warehouse.duckdb"
    _ingest(db, report)
    with duckdb.connect(str(db), read_only=True) as con:
        assert [n for (n,) in con.execute("SELECT name FROM dim_unit ORDER BY 1").fetchall()] == [
            "MOPS",
            "Teatr Ludowy",
        ]
    report.write_text(SHORT_REPORT, encoding="utf-8")  # corrected edition: MOPS only
    _ingest(db, report)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT name FROM dim_unit").fetchall() == [("MOPS",)]
        assert {a for (a,) in con.execute("SELECT alias FROM unit_alias").fetchall()} == {"mops"}
