"""Generate the committed test fixtures (DOCX, PDF, scanned and mixed PDF, text exports)
from the seed text exports, and copy example inputs into data/raw/.

Run: ``.venv/bin/python tools/make_fixtures.py [--seeds DIR]``. The output is deterministic
except for the timestamps LibreOffice writes into PDFs.

Seeds are picked by their numeric prefix (``000_*.txt`` …); the fixture names are fixed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixtures_annex import build_annex_docx, parse_annex, split_longest_table  # noqa: E402
from fixtures_check import find_split_rows  # noqa: E402
from fixtures_monitoring import build_monitoring_docx, parse_monitoring  # noqa: E402
from fixtures_pdf import (  # noqa: E402
    docx_to_pdf,
    make_mixed_pdf,
    make_scanned_pdf,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "tests" / "fixtures"
RAW_DATA = REPO_ROOT / "data" / "raw"

ANNEX = "mops_krakow_2021_annex"
MONITORING = "pcpr_strategy_monitoring_2023"
PROGRAMME_TEXT = "program_wspierania_rodziny_2025_2027"
INDICATORS_TEXT = "stradom_indicators_2024"

#: seed prefix → name of its unchanged text fixture
TEXT_FIXTURES = {
    "000": ANNEX,
    "001": PROGRAMME_TEXT,
    "002": MONITORING,
    "003": INDICATORS_TEXT,
}


def find_seed(seeds: Path, prefix: str) -> Path:
    matches = sorted(seeds.glob(f"{prefix}_*.txt"))
    if not matches:
        raise FileNotFoundError(f"no seed {prefix}_*.txt in {seeds}")
    return matches[0]


def write_text_fixtures(seeds: Path) -> None:
    target_dir = FIXTURES / "text"
    target_dir.mkdir(parents=True, exist_ok=True)
    for prefix, name in TEXT_FIXTURES.items():
        shutil.copyfile(find_seed(seeds, prefix), target_dir / f"{name}.txt")


def write_annex(seeds: Path) -> None:
    blocks = split_longest_table(parse_annex(find_seed(seeds, "000").read_text(encoding="utf-8")))
    docx_dir = FIXTURES / "docx"
    pdf_dir = FIXTURES / "pdf"
    scan_dir = FIXTURES / "scan"
    for directory in (docx_dir, pdf_dir, scan_dir):
        directory.mkdir(parents=True, exist_ok=True)
    portrait = docx_dir / f"{ANNEX}.docx"
    build_annex_docx(blocks, portrait, landscape=False, title=ANNEX)
    docx_to_pdf(portrait, pdf_dir / f"{ANNEX}.pdf")
    split = find_split_rows(pdf_dir / f"{ANNEX}.pdf", portrait)
    if not split:
        raise RuntimeError("no table row of the annex PDF breaks across a page")
    print(f"{ANNEX}.pdf: {len(split)} table rows break across pages (pages {[s.page for s in split]})")
    with tempfile.TemporaryDirectory() as scratch:
        landscape = Path(scratch) / f"{ANNEX}_landscape.docx"
        # The landscape copy writes each continuation row in the other form (see
        # fixtures_annex._add_table), so both forms also occur in the other place.
        build_annex_docx(blocks, landscape, landscape=True, title=ANNEX, merge_first=False)
        docx_to_pdf(landscape, pdf_dir / f"{ANNEX}_landscape.pdf")
    make_scanned_pdf(pdf_dir / f"{ANNEX}.pdf", scan_dir / f"{ANNEX}_scan.pdf", first=1, last=3)
    make_mixed_pdf(pdf_dir / f"{ANNEX}.pdf", pdf_dir / f"{ANNEX}_mixed.pdf", text_pages=2)


def write_monitoring(seeds: Path) -> None:
    document = parse_monitoring(find_seed(seeds, "002").read_text(encoding="utf-8"))
    target = FIXTURES / "docx" / f"{MONITORING}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    build_monitoring_docx(document, target, title=MONITORING)
    docx_to_pdf(target, FIXTURES / "pdf" / f"{MONITORING}.pdf")


def copy_raw_examples() -> None:
    RAW_DATA.mkdir(parents=True, exist_ok=True)
    for source in (
        FIXTURES / "docx" / f"{ANNEX}.docx",
        FIXTURES / "docx" / f"{MONITORING}.docx",
        FIXTURES / "pdf" / f"{ANNEX}.pdf",
        FIXTURES / "text" / f"{ANNEX}.txt",
        FIXTURES / "text" / f"{PROGRAMME_TEXT}.txt",
    ):
        shutil.copyfile(source, RAW_DATA / source.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds",
        type=Path,
        default=REPO_ROOT.parent / "shared" / "seeds",
        help="directory with the seed text exports (default: ../shared/seeds)",
    )
    args = parser.parse_args(argv)
    write_text_fixtures(args.seeds)
    write_annex(args.seeds)
    write_monitoring(args.seeds)
    copy_raw_examples()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
