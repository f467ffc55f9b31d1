"""Table finders side by side, and scan throughput (issue 16).

On the same generated reports (dev split, facts known by construction), for each rendition —
ruled text PDF, the same PDF without rules, a 200 dpi scan — the share of the expected fact cells
(their raw text) that each finder returns as one cell, and its time per page:

* ours: ``raporty.extract`` (ruled tables, then the word-box finder of ``raporty.extract.grid``);
* camelot-py, ``stream`` and ``lattice`` (text layers only: a scan gives it nothing to read);
* img2table with tesseract (``-l pol``), borderless tables on.

camelot and img2table are in the dev extras only; a missing one is reported as such. Then scan
throughput on an 8-page scan: tesseract alone (one ``tesseract -l pol … tsv`` per page, in turn)
beside our OCR pass with ``page_jobs`` 1 and 2 (pages in parallel, tesseract on one thread each).

    .venv/bin/python bench/bench_tables.py [--quick]
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RENDITIONS = ("pdf", "pdf-borderless", "scan200")


def _norm(text: str) -> str:
    return " ".join(str(text).split()).lower()


def _corpus(out: Path, count: int) -> list[str]:
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_report_corpus.py"), "--seed", "5", "--count", str(count),
         "--out", str(out), "--split", "dev", "--renditions", ",".join(RENDITIONS)],
        check=True, capture_output=True,
    )  # fmt: skip
    return sorted(p.name.removesuffix(".facts.jsonl") for p in out.glob("*.facts.jsonl"))


def _path(out: Path, rendition: str, name: str) -> Path:
    return out / f"{name}.pdf" if rendition == "pdf" else out / rendition / f"{name}.pdf"


def _expected(out: Path, name: str) -> set[str]:
    lines = (out / f"{name}.facts.jsonl").read_text(encoding="utf-8").splitlines()
    return {_norm(json.loads(line)["raw_text"]) for line in lines if line.strip()} - {""}


def _pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def ours(path: Path) -> set[str]:
    from raporty.extract import extract_file

    doc = extract_file(path)
    texts = [c.text for t in doc.tables for r in t.rows for c in r.cells] + [c.text for c in doc.unparsed]
    # a row continuing the one above (empty label cell) is merged into it, cell by cell, with "\n"
    return {_norm(t) for t in texts} | {_norm(part) for t in texts for part in t.split("\n")}


def camelot_stream(path: Path) -> set[str]:
    return _camelot(path, "stream")


def camelot_lattice(path: Path) -> set[str]:
    return _camelot(path, "lattice")


def _camelot(path: Path, flavor: str) -> set[str]:
    import camelot

    tables = camelot.read_pdf(str(path), flavor=flavor, pages="all")
    return {_norm(v) for t in tables for row in t.df.values.tolist() for v in row}


def img2table_tesseract(path: Path) -> set[str]:
    from img2table.document import PDF
    from img2table.ocr import TesseractOCR

    found = PDF(str(path)).extract_tables(ocr=TesseractOCR(n_threads=1, lang="pol"), borderless_tables=True)
    return {
        _norm(v) for tables in found.values() for t in tables for row in t.df.values.tolist() for v in row
    }


FINDERS = {"ours": ours, "camelot stream": camelot_stream, "camelot lattice": camelot_lattice,
           "img2table+tesseract": img2table_tesseract}  # fmt: skip


def _available(name: str) -> str | None:
    module = {
        "camelot stream": "camelot",
        "camelot lattice": "camelot",
        "img2table+tesseract": "img2table",
    }.get(name)
    if module is None:
        return None
    try:
        __import__(module)
    except Exception as exc:  # not installed, or its native parts missing
        return f"not installed ({type(exc).__name__}): pip install -e '.[dev]'"
    return None


def finders(out: Path, names: list[str]) -> list[dict]:
    rows = []
    for rendition in RENDITIONS:
        for finder, function in FINDERS.items():
            missing = _available(finder)
            row = {
                "rendition": rendition,
                "finder": finder,
                "recall": None,
                "s_per_page": None,
                "note": missing,
            }
            if missing is None and finder.startswith("camelot") and rendition.startswith("scan"):
                row["note"] = "reads text layers only"
            if row["note"] is None:
                found = expected = pages = 0
                seconds = 0.0
                try:
                    for name in names:
                        path = _path(out, rendition, name)
                        start = time.perf_counter()
                        cells = function(path)
                        seconds += time.perf_counter() - start
                        wanted = _expected(out, name)
                        found += len(wanted & cells)
                        expected += len(wanted)
                        pages += _pages(path)
                    row["recall"] = round(found / expected, 3) if expected else None
                    row["s_per_page"] = round(seconds / pages, 3) if pages else None
                except Exception as exc:  # a finder failing on a file is a result too
                    row["note"] = f"failed: {type(exc).__name__}: {str(exc)[:80]}"
            rows.append(row)
    return rows


def scan_throughput(out: Path, names: list[str], work: Path, pages_wanted: int = 8, rounds: int = 2) -> dict:
    """Pages/s on one scan of ``pages_wanted`` pages: tesseract alone, ours with page_jobs 1 and 2
    (``rounds`` alternating runs of each), and what two processes of plain Python gain in this run."""
    from raporty.extract.scan.extractor import ocr_pdf_pages
    from raporty.settings import settings

    parts, total = [], 0
    for name in names * pages_wanted:
        path = _path(out, "scan200", name)
        parts.append(str(path))
        total += _pages(path)
        if total >= pages_wanted:
            break
    joined = work / "scan.pdf"
    subprocess.run(["pdfunite", *parts, str(joined)], check=True)
    joined_pages = min(total, pages_wanted)
    data = joined.read_bytes()
    pages = list(range(1, joined_pages + 1))
    images = work / "pages"
    images.mkdir()
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", str(joined_pages), str(joined),
                    str(images / "p")], check=True)  # fmt: skip
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    start = time.perf_counter()
    for image in sorted(images.glob("p*.png")):
        subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "pol", "tsv"], check=True, capture_output=True, env=env
        )
    alone = time.perf_counter() - start
    result: dict = {"pages": joined_pages, "tesseract_alone_pages_per_s": round(joined_pages / alone, 3)}
    times: dict[int, list[float]] = {1: [], 2: []}
    saved = settings.page_jobs
    try:
        for _ in range(rounds):  # alternating, the best of each kept: a shared host slows runs at random
            for jobs in (1, 2):
                settings.page_jobs = jobs
                start = time.perf_counter()
                ocr_pdf_pages(data, pages)
                times[jobs].append(round(time.perf_counter() - start, 2))
    finally:
        settings.page_jobs = saved
    for jobs in (1, 2):
        result[f"ours_jobs{jobs}_pages_per_s"] = round(joined_pages / min(times[jobs]), 3)
        result[f"ours_jobs{jobs}_runs_s"] = times[jobs]
    result["speedup_jobs2"] = round(min(times[1]) / min(times[2]), 2)
    result["plain_python_2procs"] = _load_run().cpu_ceiling()["speedup"]  # the ceiling in this run
    return result


def _load_run():
    """bench/run.py (``make bench``), for the machine's two-process ceiling it measures."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["bench_run"] = module  # its pool pickles functions by module name
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def run(quick: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="raporty-bench-tables-") as tmp:
        work = Path(tmp)
        names = _corpus(work / "corpus", 2 if quick else 4)
        return {"documents": len(names), "finders": finders(work / "corpus", names),
                "scan": scan_throughput(work / "corpus", names, work)}  # fmt: skip


def report(r: dict) -> None:
    print(f"\ntable finders on {r['documents']} generated reports (dev split): recall of fact cells, s/page")
    print(f"{'rendition':<16} {'finder':<22} {'recall':>7} {'s/page':>7}  note")
    for row in r["finders"]:
        recall = "-" if row["recall"] is None else f"{row['recall']:.3f}"
        seconds = "-" if row["s_per_page"] is None else f"{row['s_per_page']:.3f}"
        print(f"{row['rendition']:<16} {row['finder']:<22} {recall:>7} {seconds:>7}  {row['note'] or ''}")
    s = r["scan"]
    print(f"scan of {s['pages']} pages, pages/s: tesseract alone {s['tesseract_alone_pages_per_s']}, "
          f"ours --jobs 1 {s['ours_jobs1_pages_per_s']}, --jobs 2 {s['ours_jobs2_pages_per_s']} "
          f"({s['speedup_jobs2']}x; two processes of plain Python: {s['plain_python_2procs']}x)")  # fmt: skip


if __name__ == "__main__":  # `make bench` keeps the figures in bench/results.json; alone, they are printed
    report(run(quick="--quick" in sys.argv))
