"""The hostile batch of issue 19: every bad input in one ingest with good reports, timed and weighed.

The bad-input corpus (tools/make_bad_inputs.py, the big generated cases included, but the one meant
for a memory limit of its own) and a 101 MiB text export go into one folder with the text, DOCX and
PDF fixtures; one `raporty ingest FOLDER --jobs 2` (default limits) runs as a whole process while
the memory of its process tree (the sum of PSS, /proc/PID/smaps_rollup) is sampled every 0.25 s.
Printed: wall time, CPU of the tree, peak memory, exit code, error lines against the cases that
must fail, tracebacks (must be none) and whether every good fixture loaded with the facts it has
when loaded alone. Goals: under 5 minutes and 2.5 GB.

    .venv/bin/python bench/bench_hostile.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RAPORTY = str(Path(sys.executable).with_name("raporty"))
GOOD = [
    FIXTURES / "text" / "mops_krakow_2021_annex.txt",
    FIXTURES / "text" / "pcpr_strategy_monitoring_2023.txt",
    FIXTURES / "docx" / "mops_krakow_2021_annex.docx",
    FIXTURES / "docx" / "pcpr_strategy_monitoring_2023.docx",
    FIXTURES / "pdf" / "mops_krakow_2021_annex.pdf",
    FIXTURES / "pdf" / "pcpr_strategy_monitoring_2023.pdf",
]
#: a case that fails only under the --memory of its own manifest entry
OWN_LIMIT = "big_table_over_memory_budget.docx"


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as file:
                    todo += [int(child) for child in file.read().split()]
        except (OSError, ValueError):
            pass
    return found


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as file:
            return sum(int(line.split()[1]) * 1024 for line in file if line.startswith("Pss:"))
    except (OSError, ValueError, IndexError):
        return 0


def _facts(db: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT d.file_name, count(f.document_id) FROM dim_document d "
            "LEFT JOIN fact_measure f USING (document_id) WHERE d.status = 'loaded' GROUP BY ALL"
        ).fetchall()
    return {name: count for name, count in rows}


def _build(folder: Path) -> dict:
    """The committed corpus copied, the big cases built (tools/make_bad_inputs.py --only)."""
    corpus = ROOT / "tests" / "bad_input"
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop(OWN_LIMIT, None)
    for name, entry in manifest.items():
        if not entry.get("generated"):
            shutil.copy(corpus / name, folder / name)
    generated = [name for name, entry in manifest.items() if entry.get("generated")]
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "make_bad_inputs.py"),
            "--all",
            "--out",
            str(folder),
            "--only",
            *generated,
        ],
        check=True,
        capture_output=True,
    )
    (folder / "manifest.json").unlink()
    line = "Prowadzenie poradnictwa rodzinnego\tMOPS\t120 porad\t118 porad\n"
    with open(folder / "text_export_101_mib.txt", "w", encoding="utf-8") as file:
        file.write("Załącznik\nLp.\tZadanie\tRealizator\tPlan\tWykonanie\n")
        for _ in range(101 * 2**20 // len(line.encode()) + 1):
            file.write(line)
    manifest["text_export_101_mib.txt"] = {"expect": "failed"}  # past the 100 MiB file limit
    for path in GOOD:
        shutil.copy(path, folder / path.name)
    return manifest


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="raporty-hostile-") as tmp:
        work = Path(tmp)
        folder = work / "batch"
        folder.mkdir()
        manifest = _build(folder)
        alone = {}
        for path in GOOD:
            db = work / f"alone-{path.name}.duckdb"
            subprocess.run([RAPORTY, "ingest", str(path), "--db", str(db), "-q"], check=True)
            alone[path.name] = _facts(db)[path.name]
        db = work / "batch.duckdb"
        log = work / "stderr.txt"
        start = time.perf_counter()
        with open(log, "w", encoding="utf-8") as stderr:
            process = subprocess.Popen(
                [RAPORTY, "ingest", str(folder), "--db", str(db), "--jobs", "2", "-q"],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        peak = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, sum(_pss(member) for member in _tree(process.pid)))
            time.sleep(0.25)
        wall = time.perf_counter() - start
        err = log.read_text(encoding="utf-8", errors="replace")
        errors = {Path(line.split(": ")[1]).name for line in err.splitlines() if line.startswith("error: ")}
        must_fail = {name for name, entry in manifest.items() if entry["expect"] == "failed"}
        loaded = _facts(db)
        return {
            "files": sum(1 for _ in folder.iterdir()),
            "wall_s": round(wall, 1),
            "peak_mib": round(peak / 2**20),
            "exit": os.waitstatus_to_exitcode(status),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "errors": len(errors),
            "must_fail": len(must_fail),
            "unexpected_errors": sorted(errors - must_fail),
            "missing_errors": sorted(must_fail - errors),
            "tracebacks": err.count("Traceback"),
            "good_intact": all(loaded.get(name) == count for name, count in alone.items()),
        }


def report(r: dict) -> None:
    print(
        f"\nhostile batch (issue 19): {r['files']} files, --jobs 2: {r['wall_s']} s ({r['cpu_s']} s CPU),"
        f" peak {r['peak_mib']} MiB"
        f" (goals < 300 s, < 2500 MB); exit {r['exit']}; {r['errors']} one-line errors for"
        f" {r['must_fail']} that must fail; tracebacks {r['tracebacks']}; good fixtures intact:"
        f" {r['good_intact']}"
    )
    if r["unexpected_errors"] or r["missing_errors"]:
        print(f"  unexpected errors {r['unexpected_errors']}; missing errors {r['missing_errors']}")


if __name__ == "__main__":
    results = run()
    report(results)
