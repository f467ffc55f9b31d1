"""`raporty verify`: matching rules, exit codes, the diff table, --json, --update and unreviewed facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from raporty.cli import main
from raporty.quality import verify
from raporty.quality.expected import facts_for_document, read_expected
from raporty.quality.match import compare

ROOT = Path(__file__).resolve().parents[1]
TEXT_FIXTURE = ROOT / "tests" / "fixtures" / "text" / "mops_krakow_2021_annex.txt"
EXPECTED = ROOT / "tests" / "expected" / "mops_krakow_2021_annex.facts.jsonl"

_real_extract_facts = verify.extract_facts
_extractions: dict[tuple[Path, ...], dict] = {}


@pytest.fixture
def cached_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extract each fixture once per test run: the comparisons below only differ in the expected file."""

    def extract_once(paths, jobs=1):
        key = tuple(paths)
        if key not in _extractions:
            _extractions[key] = _real_extract_facts(paths, jobs=jobs)
        return _extractions[key]

    monkeypatch.setattr(verify, "extract_facts", extract_once)


def _fact(activity: str, value: float | None, measure: str | None = "spotkanie", **extra) -> dict:
    fact = {
        "activity": activity,
        "year": 2021,
        "year_end": None,
        "kind": "actual",
        "value": value,
        "measure": measure,
        "value_type": "count" if value is not None else None,
        "qualifier": None,
        "status": None,
        "raw_text": f"{value} x",
    }
    fact.update(extra)
    return fact


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, facts: list[dict]) -> Path:
    path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in facts), encoding="utf-8")
    return path


# matching rules -------------------------------------------------------------------------------


def test_near_identical_activity_names_are_judged_against_the_closest_only():
    expected = [_fact("Prowadzenie portalu o usługach dla rodzin - kkr.krakow.pl", 15000, "odsłona")]
    produced = [
        _fact("Prowadzenie portalu o usługach dla rodzin – kkr.krakow.pl", 15000, "odsłona"),
        _fact("Prowadzenie portalu o usługach dla rodzin N", 300, "odsłona"),
    ]
    comparison = compare(expected, produced)
    assert comparison.pairs == [(0, 0)]
    assert comparison.in_scope == [0]  # the other activity is not in the expected file: not judged
    assert comparison.score.precision == 1.0


def test_values_match_within_a_cent_and_status_only_facts_need_the_same_status():
    expected = [
        _fact("Organizacja warsztatów", 1839660.39, "zł", value_type="money"),
        _fact("Organizacja warsztatów", None, None, status="not_held"),
    ]
    produced = [
        _fact("organizacja warsztatow", 1839660.395, "zł", value_type="money"),
        _fact("Organizacja warsztatów", None, None, status="not_achieved"),
    ]
    comparison = compare(expected, produced)
    assert comparison.pairs == [(0, 0)]
    assert [f["status"] for f in comparison.unexpected()] == ["not_achieved"]
    assert comparison.score.recall == 0.5


def test_strict_score_requires_measure_and_value_type():
    expected = [
        _fact("Prowadzenie Integracyjnego Centrum", 1, "centrum"),
        _fact("Prowadzenie Integracyjnego Centrum", 40),
    ]
    produced = [
        _fact("Prowadzenie Integracyjnego Centrum", 1, "integracyjny"),
        _fact("Prowadzenie Integracyjnego Centrum", 40),
    ]
    comparison = compare(expected, produced)
    assert comparison.score.f1 == 1.0
    assert comparison.strict_score.matched == 1
    assert [(e["measure"], p["measure"]) for e, p in comparison.wrong_measure()] == [
        ("centrum", "integracyjny")
    ]


def test_one_expected_fact_pairs_with_one_produced_fact():
    expected = [_fact("Kluby rodziców", 12)]
    produced = [_fact("Kluby rodziców", 12), _fact("Kluby rodziców", 12)]
    comparison = compare(expected, produced)
    assert len(comparison.pairs) == 1
    assert comparison.score.precision == 0.5


# the command ----------------------------------------------------------------------------------


def test_verify_passes_on_the_text_fixture_and_writes_json(tmp_path, capsys, cached_extraction):
    report_path = tmp_path / "report.json"
    rc = main(
        [
            "verify",
            str(TEXT_FIXTURE),
            "--expected",
            str(EXPECTED),
            "--min-f1",
            "0.9",
            "--json",
            str(report_path),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0, out
    report = json.loads(report_path.read_text(encoding="utf-8"))
    (doc,) = report["documents"]
    assert doc["document"] == "mops_krakow_2021_annex.txt"
    assert doc["expected_facts"] == len(_lines(EXPECTED))
    assert doc["match"]["f1"] >= 0.9 and doc["passed"] is True
    assert doc["match"]["matched"] == doc["expected_facts"] - len(doc["missing"])
    assert doc["match"]["judged"] == doc["match"]["matched"] + len(doc["unexpected"])
    assert doc["strict"]["matched"] == doc["match"]["matched"] - len(doc["wrong_measure"])
    assert f"{doc['match']['f1']:.3f}" in out
    assert "precision counts only produced facts of activities listed in the expected file" in out


def test_a_value_changed_by_hand_fails_with_a_readable_diff(tmp_path, capsys, cached_extraction):
    report_path = tmp_path / "report.json"
    assert main(["verify", str(TEXT_FIXTURE), "--expected", str(EXPECTED), "--json", str(report_path)]) == 0
    doc = json.loads(report_path.read_text(encoding="utf-8"))["documents"][0]
    capsys.readouterr()

    facts = _lines(EXPECTED)
    missing = [(m["activity"], m["kind"], m["value"]) for m in doc["missing"]]
    index = next(
        i
        for i, f in enumerate(facts)
        if f["value"] is not None and (f["activity"], f["kind"], f["value"]) not in missing
    )
    original = facts[index]["value"]
    changed = original + 1000
    facts[index]["value"] = changed
    copy = _write(tmp_path / "changed.facts.jsonl", facts)

    rc = main(["verify", str(TEXT_FIXTURE), "--expected", str(copy), "--min-f1", str(doc["match"]["f1"])])
    out = capsys.readouterr().out
    assert rc == 1, out
    assert "FAILED: mops_krakow_2021_annex.txt" in out
    diff = [line.split() for line in out.splitlines() if line.startswith("  - ") or line.startswith("  + ")]
    assert any(row[0] == "-" and f"{changed:g}" in row for row in diff), out
    assert any(row[0] == "+" and f"{original:g}" in row for row in diff), out


def test_update_writes_an_unreviewed_draft_that_verify_refuses(tmp_path, capsys, cached_extraction):
    draft = tmp_path / "new_report.facts.jsonl"
    assert main(["verify", str(TEXT_FIXTURE), "--expected", str(draft), "--update"]) == 0
    lines = _lines(draft)
    assert lines and all(line["reviewed"] is False for line in lines)
    assert {line["document"] for line in lines} == {"mops_krakow_2021_annex"}
    assert any(line["value"] == 1839660.39 and line["measure"] == "zł" for line in lines)
    capsys.readouterr()

    assert main(["verify", str(TEXT_FIXTURE), "--expected", str(draft)]) == 2
    err = capsys.readouterr().err
    assert f"{len(lines)} of {len(lines)} facts are not reviewed" in err

    # The draft is the extraction itself, so scoring it anyway must be a perfect match.
    report_path = tmp_path / "report.json"
    rc = main(
        [
            "verify",
            str(TEXT_FIXTURE),
            "--expected",
            str(draft),
            "--allow-unreviewed",
            "--json",
            str(report_path),
        ]
    )
    assert rc == 0
    doc = json.loads(report_path.read_text(encoding="utf-8"))["documents"][0]
    assert doc["unreviewed_facts"] == len(lines)
    assert (doc["match"]["f1"], doc["strict"]["f1"]) == (1.0, 1.0)


def test_update_never_overwrites_reviewed_facts(tmp_path, capsys):
    reference = tmp_path / "reference.facts.jsonl"
    reference.write_bytes(EXPECTED.read_bytes())
    assert main(["verify", str(TEXT_FIXTURE), "--expected", str(reference), "--update"]) == 2
    assert "reviewed facts" in capsys.readouterr().err
    assert reference.read_bytes() == EXPECTED.read_bytes()


def test_one_unreviewed_line_is_enough_to_refuse(tmp_path, capsys):
    facts = _lines(EXPECTED)
    facts[5]["reviewed"] = False
    copy = _write(tmp_path / "partly.facts.jsonl", facts)
    assert main(["verify", str(TEXT_FIXTURE), "--expected", str(copy)]) == 2
    assert "line 6" in capsys.readouterr().err


def test_an_invalid_expected_line_is_reported_with_its_line_number(tmp_path, capsys):
    facts = _lines(EXPECTED)
    facts[2]["kind"] = "plan"
    copy = _write(tmp_path / "invalid.facts.jsonl", facts)
    assert main(["verify", str(TEXT_FIXTURE), "--expected", str(copy)]) == 2
    err = capsys.readouterr().err
    assert ":3: kind:" in err


def test_documents_and_expected_files_must_pair(tmp_path, capsys):
    rc = main(
        [
            "verify",
            str(TEXT_FIXTURE),
            str(TEXT_FIXTURE),
            "--expected",
            str(EXPECTED),
            str(EXPECTED),
            str(EXPECTED),
        ]
    )
    assert rc == 2
    assert "2 documents but 3 expected files" in capsys.readouterr().err


def test_a_file_of_several_documents_gives_each_its_own_lines(tmp_path, capsys):
    facts = _lines(EXPECTED)[:3]
    other = [dict(f, document="another_report") for f in facts]
    lines = read_expected(_write(tmp_path / "two.facts.jsonl", facts + other))
    assert len(facts_for_document(lines, "mops_krakow_2021_annex")) == 3
    assert {f["document"] for f in facts_for_document(lines, "another_report")} == {"another_report"}

    third = [dict(f, document="third_report") for f in facts]
    without = _write(tmp_path / "others.facts.jsonl", other + third)
    assert main(["verify", str(TEXT_FIXTURE), "--expected", str(without)]) == 2
    err = capsys.readouterr().err
    assert "no expected facts for document 'mops_krakow_2021_annex'" in err
    assert "another_report, third_report" in err


def test_min_f1_must_be_a_fraction(capsys):
    assert main(["verify", str(TEXT_FIXTURE), "--expected", str(EXPECTED), "--min-f1", "95"]) == 2
    assert "--min-f1 must be between 0 and 1" in capsys.readouterr().err
