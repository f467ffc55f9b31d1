"""tools/report_corpus: synthetic reports with facts known by construction (tools/make_report_corpus.py)."""

from __future__ import annotations

import collections
import importlib
import importlib.util
import json
import re
import sys
import zipfile
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
layout = importlib.import_module("report_corpus.layout")
render_txt = importlib.import_module("report_corpus.render_txt")
render_docx = importlib.import_module("report_corpus.render_docx")
vocab = importlib.import_module("report_corpus.vocab")

REPORTS = 25
#: Layout families that add facts (a further row, a part of a total in a relative clause).
ADDING_FAMILIES = ("activity_multirow", "relative_breakdown", "relative_breakdown_other")
#: Layout families that write a value cell anew (its value, qualifier), keeping its kind and year.
REWRITING_FAMILIES = ("header_scale", "header_scale_other", "number_words", "number_words_other")


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


def _in_words(value: float, text: str) -> bool:
    """The count is written in words at the start of the cell, in one of its agreeing forms."""
    lowered = text.lower()
    return value == int(value) and any(
        lowered.startswith(morph.numeral_words(int(value), gender, genitive))
        for gender in ("m1", "m2", "m3", "f", "n")
        for genitive in (False, True)
    )


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_every_number_occurs_in_its_raw_text(split: str, request: pytest.FixtureRequest) -> None:
    """In digits (a scale a header or caption names keeps them: "125,5" under "(w tys. zł)" is
    125 500 zł), or in words (`number_words`: "dwadzieścia trzy spotkania")."""
    words = 0
    for fact in _facts(request.getfixturevalue(f"{split}_reports")):
        if fact["value"] is None:
            continue
        raw_digits = re.sub(r"\D", "", fact["raw_text"])
        if _digits(fact["value"]) in raw_digits:
            continue
        assert not raw_digits and _in_words(fact["value"], fact["raw_text"]), fact
        words += 1
    assert words


def _family_sets() -> dict[str, set[str]]:
    part = json.loads((DATA / "partition.json").read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {"shared": set(), "dev": set(), "heldout": set()}
    prefixes = {
        "cell_patterns": "cell",
        "hierarchy_words": "hierarchy",
        "title_forms": "title",
        "layout_families": "layout",
    }
    for group, prefix in prefixes.items():
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


# -- layout families (tools/report_corpus/layout.py) -------------------------------------------


def test_layout_partition_keeps_a_third_for_heldout() -> None:
    node = json.loads((DATA / "partition.json").read_text(encoding="utf-8"))["layout_families"]
    names = [n for split in ("shared", "dev", "heldout") for n in node[split]]
    assert sorted(names) == sorted(layout.LAYOUT_FAMILIES) and len(set(names)) == len(names)
    assert len(node["heldout"]) * 3 >= len(names)


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_every_layout_family_of_the_split_is_used(split: str, request: pytest.FixtureRequest) -> None:
    reports = request.getfixturevalue(f"{split}_reports")
    node = json.loads((DATA / "partition.json").read_text(encoding="utf-8"))["layout_families"]
    used = set().union(*(r.families for r in reports))
    assert {f"layout:{n}" for n in node["shared"] + node[split]} <= used


def _base_facts(facts: list[dict]) -> list[tuple]:
    keys = ("kind", "year", "year_end", "value", "measure", "value_type", "qualifier", "status")
    return sorted(tuple(str(f[k]) for k in keys) for f in facts)


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_layout_families_keep_the_base_report(split: str) -> None:
    for index in range(8):
        base = corpus.make_report(1, split, index, frozenset({"all"}))
        assert not {f for f in base.families if f.startswith("layout:")}
        full = corpus.make_report(1, split, index)
        assert base.title_lines == full.title_lines
        base_facts = _base_facts(build.report_facts(base))
        full_facts = _base_facts(build.report_facts(full))
        # header_scale and number_words write a cell's value anew, in the same place: kind and year stay
        when = collections.Counter(f[:3] for f in base_facts)
        assert not (when - collections.Counter(f[:3] for f in full_facts))
        kept = corpus.make_report(1, split, index, frozenset(REWRITING_FAMILIES))
        # activity_multirow and relative_breakdown only add facts; no other family changes a fact's kind, year or value
        assert not (
            collections.Counter(base_facts) - collections.Counter(_base_facts(build.report_facts(kept)))
        )
        no_rows = corpus.make_report(1, split, index, frozenset(ADDING_FAMILIES + REWRITING_FAMILIES))
        assert _base_facts(build.report_facts(no_rows)) == base_facts
        # one family switched off leaves the choices of the others alone
        no_lp = corpus.make_report(1, split, index, frozenset({"lp_column"}))
        assert full.families - {"layout:lp_column"} == no_lp.families - {"layout:lp_column"}


def _tables(reports: list) -> list:
    return [b for r in reports for b in r.blocks if hasattr(b, "columns")]


def test_continuation_rows_belong_to_the_joined_activity(dev_reports: list) -> None:
    tails = multirows = 0
    for report in dev_reports:
        activities = {f["activity"] for f in build.report_facts(report)}
        for table in _tables([report]):
            name_index = next(i for i, c in enumerate(table.columns) if c.role in ("activity", "indicator"))
            lines = render_txt._table_lines(table)
            for row in table.rows:
                if row.name_tail:
                    tails += 1
                    joined = f"{row.cells[name_index].text} {row.name_tail}"
                    values = [c for c in row.cells if c.measures]
                    assert not values or joined in activities
                    only_name = "\t".join(
                        row.name_tail if i == name_index else "" for i in range(len(table.columns))
                    )
                    assert only_name in lines
                if row.sub_rows:
                    multirows += 1
                    assert not any(c.role == "status" for c in table.columns)
                    assert row.cells[name_index].text in activities
                    for sub in row.sub_rows:
                        assert sub[name_index].text == "" and any(c.measures for c in sub)
    assert tails >= 5 and multirows >= 3


def test_two_row_headers_in_txt_and_docx(dev_reports: list, tmp_path: Path) -> None:
    report = next(r for r in dev_reports if any(t.groups for t in _tables([r])))
    table = next(t for t in _tables([report]) if t.groups)
    first, last, text = table.groups[0]
    lines = render_txt._header_lines(table)
    assert len(lines) == 2
    top, bottom = (line.split("\t") for line in lines)
    assert top[first] == text and all(not t for t in top[first + 1 : last + 1])
    assert bottom[first : last + 1] == [c.header for c in table.columns[first : last + 1]]
    assert all(not b for i, b in enumerate(bottom) if not first <= i <= last)
    # every grouped column still states its kind and year
    assert all(c.role in build.VALUE_KINDS for c in table.columns[first : last + 1])
    path = tmp_path / "r.docx"
    render_docx.render_docx(report, path)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert f'<w:gridSpan w:val="{last - first + 1}"/>' in xml and "<w:vMerge" in xml


def test_special_spaces_and_line_breaks_reach_the_renditions(tmp_path: Path) -> None:
    corpus.write_corpus(2, 6, tmp_path / "h", "heldout", ("txt", "docx"))
    corpus.write_corpus(1, 6, tmp_path / "d", "dev", ("txt", "docx"))
    texts = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "h").glob("*.txt")))
    assert "\u2009" in texts or "\u202f" in texts
    assert "PLN" in texts
    dev_texts = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "d").glob("*.txt")))
    assert "\u00a0" in dev_texts and "\u2009" not in dev_texts and "PLN" not in dev_texts
    xml = "".join(
        zipfile.ZipFile(p).read("word/document.xml").decode("utf-8")
        for p in sorted((tmp_path / "d").glob("*.docx"))
    )
    assert "<w:br/>" in xml


def test_numeral_words_agree_with_the_counted_noun() -> None:
    assert morph.numeral_words(2, "f") == "dwie"  # dwie osoby
    assert morph.numeral_words(2, "m1") == "dwóch"  # dwóch uczestników
    assert morph.numeral_words(1, "n") == "jedno"  # jedno spotkanie
    assert morph.numeral_words(22, "f") == "dwadzieścia dwie"
    assert morph.numeral_words(23, "m1") == "dwudziestu trzech"
    assert morph.numeral_words(5, "n", governed_genitive=True) == "pięciu"  # około pięciu spotkań
    assert morph.numeral_words(100, "m3") == "sto"


def _cells_of(reports: list, pattern: str) -> list[tuple]:
    """(where the cell's scale may be named: header, caption and row name; column; cell)."""
    out = []
    for table in _tables(reports):
        for row in table.rows:
            name = " ".join(c.text for c in row.cells) + (row.name_tail or "")
            for column, cell in zip(table.columns, row.cells, strict=True):
                if cell.pattern == pattern:
                    out.append((f"{column.header} {table.note or ''} {name}", column, cell))
    return out


def test_header_scale_writes_bare_numbers_under_a_header_or_caption_naming_the_scale(
    dev_reports: list,
) -> None:
    cells = _cells_of(dev_reports, "money_scaled")
    assert len(cells) >= 10
    for where, _, cell in cells:
        (measure,) = cell.measures
        number = float(re.sub(r"[^\d,]", "", re.split(r" (?:zł|tys|mln)", cell.text)[0]).replace(",", "."))
        scale = 1e6 if "mln" in where else 1e3 if "tys" in where else 1.0
        assert measure.value == pytest.approx(number * scale), (where, cell.text)


def test_number_words_cells_write_the_count_in_words_or_qualified(dev_reports: list) -> None:
    cells = _cells_of(dev_reports, "count_words")
    assert len(cells) >= 10
    for _, _, cell in cells:
        (measure,) = cell.measures
        text = cell.text.lower()
        if measure.qualifier is None:
            assert not re.search(r"\d", text) and _in_words(measure.value, text), text
        else:
            assert text.startswith({"około": "ok. ", "powyżej": "ponad "}[measure.qualifier]), text


def _docx_texts(path: Path) -> list[list[list[str]]]:
    import docx

    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


def test_docx_row_split_puts_the_rest_of_the_row_first_in_the_next_table(
    dev_reports: list, tmp_path: Path
) -> None:
    found = 0
    for report in dev_reports:
        tables = [t for t in report.blocks if hasattr(t, "columns") and t.row_break]
        if not tables or "layout:ocr_docx" in report.families:
            continue
        path = tmp_path / f"{report.name}.docx"
        render_docx.render_docx(report, path)
        texts = [c for t in _docx_texts(path) for row in t for c in row]
        for table in tables:
            for head, tail in table.row_break.values():
                assert "\n".join(head) in texts and "\n".join(tail) in texts
                found += 1
    assert found >= 5


def test_ocr_docx_misreads_some_polish_letters_only(dev_reports: list, tmp_path: Path) -> None:
    glyphs = json.loads((DATA / "partition.json").read_text(encoding="utf-8"))["real_variation"]["ocr_docx"][
        "dev"
    ]["glyphs"]
    report = next(r for r in dev_reports if "layout:ocr_docx" in r.families)
    damaged, clean = tmp_path / "damaged.docx", tmp_path / "clean.docx"
    render_docx.render_docx(report, damaged)
    report_clean = corpus.make_report(1, "dev", int(report.name[-3:]), frozenset({"ocr_docx"}))
    render_docx.render_docx(report_clean, clean)
    changed = 0
    for a, b in zip(_docx_texts(damaged), _docx_texts(clean), strict=True):
        for x, y in zip((c for row in a for c in row), (c for row in b for c in row), strict=True):
            assert len(x) == len(y)
            for got, was in zip(x, y, strict=True):
                if got != was:
                    assert got.lower() in glyphs[was.lower()], (x, y)
                    changed += 1
    assert changed >= 5


def test_side_by_side_joins_two_tables_with_a_spacer_column_or_none(dev_reports: list) -> None:
    joined = [t for t in _tables(dev_reports) if t.halves]
    spacers = 0
    for table in joined:
        left, right = table.halves
        between = table.columns[len(left.columns) : len(table.columns) - len(right.columns)]
        assert table.columns == [*left.columns, *between, *right.columns]
        assert [c.role for c in between] in ([], ["spacer"])
        if between:
            spacers += 1
            assert not between[0].header and all(not row.cells[len(left.columns)].text for row in table.rows)
        assert len(table.rows) == max(len(left.rows), len(right.rows))
    assert 0 < spacers < len(joined)  # both forms
