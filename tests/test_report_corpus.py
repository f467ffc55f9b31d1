"""tools/report_corpus: synthetic reports with facts known by construction (tools/make_report_corpus.py)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
SCHEMA = json.loads((ROOT / "schemas" / "expected_facts.schema.json").read_text(encoding="utf-8"))
DATA = TOOLS / "report_corpus" / "data"


def _load_package(name: str, folder: Path) -> ModuleType:
    """tools/ is not on sys.path: load tools/report_corpus as a package by its location."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and relative imports look the package up
    spec.loader.exec_module(module)
    return module


_load_package("report_corpus", TOOLS / "report_corpus")
corpus = importlib.import_module("report_corpus.corpus")
build = importlib.import_module("report_corpus.build")
morph = importlib.import_module("report_corpus.morph")
vocab = importlib.import_module("report_corpus.vocab")

REPORTS = 25


def _reports(split: str, seed: int = 1, count: int = REPORTS) -> list:
    return [corpus.make_report(seed, split, i) for i in range(count)]


@pytest.fixture(scope="module")
def dev_reports() -> list:
    return _reports("dev")


@pytest.fixture(scope="module")
def heldout_reports() -> list:
    return _reports("heldout")


def _facts(reports: list) -> list[dict]:
    return [fact for report in reports for fact in build.report_facts(report)]


def test_generator_is_deterministic(tmp_path: Path) -> None:
    for run in ("a", "b"):
        for split in ("dev", "heldout"):
            corpus.write_corpus(7, 2, tmp_path / run / split, split, ("txt", "docx", "pdf", "pdf-borderless"))
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) == 2 * 2 * 5
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    dev = (tmp_path / "a" / "dev" / "dev_s7_000.txt").read_text(encoding="utf-8")
    heldout = (tmp_path / "a" / "heldout" / "heldout_s7_000.txt").read_text(encoding="utf-8")
    assert dev != heldout


def test_renditions_share_the_stem_of_the_facts(tmp_path: Path) -> None:
    corpus.write_corpus(3, 1, tmp_path, "dev", ("txt", "docx", "pdf", "pdf-borderless"))
    (facts,) = tmp_path.glob("*.facts.jsonl")
    stem = facts.name.removesuffix(".facts.jsonl")
    documents = {json.loads(line)["document"] for line in facts.read_text(encoding="utf-8").splitlines()}
    assert documents == {stem}
    for rendition in ("txt", "docx", "pdf", "pdf-borderless"):
        path = corpus.rendition_path(tmp_path, rendition, stem)
        assert path.is_file() and path.stem == stem


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_facts_validate_against_the_schema(split: str, request: pytest.FixtureRequest) -> None:
    reports = request.getfixturevalue(f"{split}_reports")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    facts = _facts(reports)
    assert len(facts) > 20 * REPORTS // 2
    for fact in facts:
        validator.validate(fact)
        assert fact["reviewed"] is True
        assert fact["activity"] == " ".join(fact["activity"].split())
        assert fact["raw_text"] == " ".join(fact["raw_text"].split())
    kinds = {f["kind"] for f in facts}
    assert kinds == {"planned", "actual", "budget", "baseline", "target"}
    assert {f["value_type"] for f in facts} >= {"count", "money", "percent", "hours", "fte", None}


def _digits(value: float) -> str:
    text = f"{value:.2f}".replace(".", "").lstrip("0") or "0"
    return text.rstrip("0") or "0"


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_every_number_occurs_in_its_raw_text(split: str, request: pytest.FixtureRequest) -> None:
    for fact in _facts(request.getfixturevalue(f"{split}_reports")):
        if fact["value"] is None:
            continue
        raw_digits = re.sub(r"\D", "", fact["raw_text"])
        assert _digits(fact["value"]) in raw_digits, fact


def _family_sets() -> dict[str, set[str]]:
    part = json.loads((DATA / "partition.json").read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {"shared": set(), "dev": set(), "heldout": set()}
    for group in ("cell_patterns", "hierarchy_words", "title_forms"):
        prefix = {"cell_patterns": "cell", "hierarchy_words": "hierarchy", "title_forms": "title"}[group]
        for split in out:
            out[split] |= {f"{prefix}:{name}" for name in part[group][split]}
    for role, node in part["header_synonyms"].items():
        for split in out:
            out[split] |= {f"header:{role}:{name}" for name in node[split]}
    return out


def test_partition_keeps_a_third_of_patterns_and_headers_for_heldout() -> None:
    part = json.loads((DATA / "partition.json").read_text(encoding="utf-8"))
    cells = part["cell_patterns"]
    assert not set(cells["dev"]) & set(cells["heldout"]) and not set(cells["shared"]) & set(cells["heldout"])
    assert len(cells["heldout"]) * 3 >= sum(len(v) for v in cells.values())
    headers = [(s, h) for node in part["header_synonyms"].values() for s in node for h in node[s]]
    assert sum(s == "heldout" for s, _ in headers) * 3 >= len(headers)
    families = _family_sets()
    assert not families["dev"] & families["heldout"]
    assert not families["shared"] & families["heldout"]


def test_dev_never_uses_heldout_families(dev_reports: list, heldout_reports: list) -> None:
    families = _family_sets()
    dev_used = set().union(*(r.families for r in dev_reports))
    heldout_used = set().union(*(r.families for r in heldout_reports))
    assert not dev_used & families["heldout"]
    assert not heldout_used & families["dev"]
    assert len(heldout_used & families["heldout"]) >= 10
    # the text itself: no heldout-only header or status phrase appears in a dev report
    part = json.loads((DATA / "partition.json").read_text(encoding="utf-8"))
    pattern_texts = [h for node in part["header_synonyms"].values() for h in node["heldout"]]
    regexes = [
        re.compile(re.escape(h).replace(r"\{Y\}", r"\d{4}").replace(r"\{Y2\}", r"\d{4}"))
        for h in pattern_texts
    ]
    dev_headers = [
        c.header for r in dev_reports for b in r.blocks if hasattr(b, "columns") for c in b.columns
    ]
    for header in dev_headers:
        assert not any(rx.fullmatch(header.replace("-", "–")) for rx in regexes), header
    heldout_statuses = {p.lower() for p, _ in part["status_phrases"]["heldout"]}
    dev_status_texts = {f["raw_text"].lower() for f in _facts(dev_reports) if f["value"] is None}
    assert not dev_status_texts & heldout_statuses


def test_gold_lemmas_are_morfeusz_lemmas_of_the_noun_used(dev_reports: list, heldout_reports: list) -> None:
    for fact in _facts(dev_reports + heldout_reports):
        if fact["measure"] in (None, "zł", "%"):
            continue
        words = re.findall(r"[^\W\d_]+", fact["raw_text"] + " " + fact["activity"])
        assert any(fact["measure"] in morph.lemmas_of(w) for w in words), fact


def test_inflected_forms_analyse_back_to_their_lemma() -> None:
    for noun in vocab.vocabulary().nouns:
        g = morph.gender(noun.lemma)
        for case, number in (("nom", "sg"), ("gen", "sg"), ("nom", "pl"), ("gen", "pl")):
            form = morph.noun_form(noun.lemma, case, number, noun.forms)
            assert noun.lemma in morph.lemmas_of(form), (noun.lemma, form)
        for adjective in noun.adjectives:
            assert morph.adjective_form(adjective, "gen", "pl", g)
    assert morph.numeral_agreement(1, "n") == ("nom", "sg")
    assert morph.numeral_agreement(3, "n") == ("nom", "pl")
    assert morph.numeral_agreement(12, "n") == ("gen", "pl")
    assert morph.numeral_agreement(22, "f") == ("nom", "pl")
    assert morph.numeral_agreement(5, "f") == ("gen", "pl")
    assert morph.numeral_agreement(2.5, "m3") == ("gen", "sg")
    assert morph.numeral_agreement(3, "m1") == ("gen", "pl")
