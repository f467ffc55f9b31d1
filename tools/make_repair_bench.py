"""Build the OCR-repair benchmark the way real damage arises.

Clean Polish text (prose and table cells of seed reports) is written to a DOCX, rendered to PDF
with LibreOffice headless, rasterised with ``pdftoppm -r 200 -gray`` and read back with
``tesseract -l eng`` (the English model is what damages Polish diacritics). The clean text and
the OCR output are committed side by side under ``bench/data/repair/`` so the benchmark runs
without LibreOffice or tesseract.

Usage: ``python tools/make_repair_bench.py [SEED_TXT ...]`` (default: seeds 000, 002 and 003;
003 (indicator annex) was added after the repair rules were written and serves as held-out data).
Needs soffice, pdftoppm and tesseract on PATH.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "bench" / "data" / "repair"
DEFAULT_SEEDS = ("000", "002", "003")
#: Fonts alternate per paragraph so the benchmark covers serif and sans faces.
FONTS = ("Liberation Serif", "Liberation Sans", "DejaVu Sans", "DejaVu Serif")
MARKUP = re.compile(r"<[^>]+>|\[bookmark:[^\]]*\]")


def clean_paragraphs(raw: str) -> list[str]:
    """Split a seed text into paragraphs: one per line or per tab-separated table cell."""
    paragraphs: list[str] = []
    for line in MARKUP.sub("", raw).splitlines():
        for cell in line.split("\t"):
            text = " ".join(cell.split())
            if text:
                paragraphs.append(text)
    return paragraphs


def write_docx(paragraphs: list[str], path: Path) -> None:
    document = Document()
    for index, text in enumerate(paragraphs):
        run = document.add_paragraph().add_run(text)
        run.font.name = FONTS[(index // 20) % len(FONTS)]
        run.font.size = Pt(11)
    document.save(str(path))


def run(command: list[str], cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)


def ocr_docx(docx_path: Path, work: Path) -> str:
    """Render ``docx_path`` to PDF, rasterise it and OCR every page with the English model."""
    run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx_path)], work)
    pdf = work / (docx_path.stem + ".pdf")
    run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(work / "page")], work)
    pages: list[str] = []
    for image in sorted(work.glob("page-*.png")):
        result = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "eng"], check=True, capture_output=True, text=True
        )
        pages.append(result.stdout)
    return "\n".join(pages)


def build(seed: Path) -> None:
    stem = seed.name[:3]
    paragraphs = clean_paragraphs(seed.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx_path = work / f"clean_{stem}.docx"
        write_docx(paragraphs, docx_path)
        ocr_text = ocr_docx(docx_path, work)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"clean_{stem}.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    (OUT / f"ocr_{stem}.txt").write_text(ocr_text, encoding="utf-8")
    print(f"{stem}: {sum(len(p.split()) for p in paragraphs)} clean words, {len(ocr_text.split())} OCR words")


def main(argv: list[str]) -> None:
    seeds = [Path(a) for a in argv] or [next(SEEDS.glob(f"{s}_*.txt")) for s in DEFAULT_SEEDS]
    for seed in seeds:
        build(seed)


if __name__ == "__main__":
    main(sys.argv[1:])
