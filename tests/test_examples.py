"""examples/queries.sql and examples/analysis.ipynb run against a warehouse built from data/raw/."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import nbclient
import nbformat
import pytest

from raporty.ingest import collect_files, ingest
from raporty.load.warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RAW = ROOT / "data" / "raw"
#: Query 4 follows activities across years; it has rows only once a multi-year programme is loaded.
MAY_BE_EMPTY = {4}


@pytest.fixture(scope="module")
def raw_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = collect_files([RAW])
    assert files, "data/raw/ holds no reports"
    db = tmp_path_factory.mktemp("examples") / "raporty.duckdb"
    with Warehouse(db) as warehouse:
        outcomes = ingest(files, warehouse, jobs=2)
    assert any(o.status == "loaded" for o in outcomes)
    return db


def _queries() -> list[tuple[int, str]]:
    text = (EXAMPLES / "queries.sql").read_text(encoding="utf-8")
    blocks = re.split(r"^(?=-- \d+\. )", text, flags=re.MULTILINE)[1:]
    return [(int(re.match(r"-- (\d+)\.", block).group(1)), block.strip()) for block in blocks]


def test_queries_file_has_five_to_eight_commented_queries() -> None:
    queries = _queries()
    assert 5 <= len(queries) <= 8
    assert [number for number, _ in queries] == list(range(1, len(queries) + 1))
    assert all(sql.count(";") == 1 and sql.rstrip().endswith(";") for _, sql in queries)


def test_every_query_runs(raw_warehouse: Path) -> None:
    with duckdb.connect(str(raw_warehouse), read_only=True) as con:
        for number, sql in _queries():
            result = con.execute(sql)
            columns = [d[0] for d in result.description]
            rows = result.fetchall()
            assert columns, number
            if number not in MAY_BE_EMPTY:
                assert rows, f"query {number} returned no rows"


def test_notebook_executes(raw_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAPORTY_DB", str(raw_warehouse))
    notebook = nbformat.read(EXAMPLES / "analysis.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    outputs = [
        output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
    ]
    printed = "".join(output.get("text", "") for output in outputs if output.output_type == "stream")
    assert str(raw_warehouse) in printed
    assert re.search(r"\d+ planned figures, \d+ with an actual", printed)
    assert any("image/png" in output.get("data", {}) for output in outputs)


def test_the_notebooks_budget_cell_sums_one_rendition_per_report(raw_warehouse: Path) -> None:
    """Issue 18: the notebook's budget cell said 75.35 M where each report's budget counted once is
    the total; its query, as written in the notebook, run on data/raw/."""
    import ast

    notebook = nbformat.read(EXAMPLES / "analysis.ipynb", as_version=4)
    (cell,) = [c for c in notebook.cells if c.cell_type == "code" and "v_budget_by_unit" in c.source]
    call = next(
        node
        for node in ast.walk(ast.parse(cell.source))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "sql"
    )
    query = ast.literal_eval(call.args[0])
    with duckdb.connect(str(raw_warehouse), read_only=True) as con:
        shown = con.sql(query).df()
        per_report = con.execute(
            "SELECT sum(value) FROM v_facts_all WHERE NOT superseded AND kind = 'budget' "
            "AND value_type = 'money' AND NOT is_part"
        ).fetchall()[0][0]
        everything = con.execute(
            "SELECT sum(value) FROM v_facts_all WHERE kind = 'budget' AND value_type = 'money'"
        ).fetchall()[0][0]
    assert everything > per_report * 1.5  # data/raw/ holds the annex three times, with breakdown rows
    assert shown.budget_zl.sum() == pytest.approx(per_report)
