"""Write a corpus: N reports, each in every requested rendition, plus one facts file per report."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from .build import build_report
from .facts_io import write_facts
from .model import Report
from .render_docx import render_docx
from .render_pdf import render_pdf, render_pdf_borderless
from .render_scan import render_scan150_noisy, render_scan200
from .render_txt import render_txt

Renderer = Callable[[Report, Path], None]

#: rendition name → (subfolder, file suffix, renderer). Every rendition of a report has the same
#: file stem (the `document` of its facts), so the PDF-based renditions beyond `pdf` live in a
#: subfolder named after the rendition: DIR/<name>.pdf, DIR/pdf-borderless/<name>.pdf, …
RENDITIONS: dict[str, tuple[str, str, Renderer]] = {
    "txt": ("", ".txt", render_txt),
    "docx": ("", ".docx", render_docx),
    "pdf": ("", ".pdf", render_pdf),
    "pdf-borderless": ("pdf-borderless", ".pdf", render_pdf_borderless),
    "scan200": ("scan200", ".pdf", render_scan200),
    "scan150-noisy": ("scan150-noisy", ".pdf", render_scan150_noisy),
}
DEFAULT_RENDITIONS = ("txt", "docx", "pdf", "pdf-borderless")
#: Mixed into heldout seeds, so heldout reports never coincide with dev reports of the same seed.
HELDOUT_SALT = 0x5EED_4E1D


def report_seed(seed: int, split: str, index: int) -> str:
    base = seed ^ HELDOUT_SALT if split == "heldout" else seed
    return f"{split}:{base}:{index}"


def report_name(split: str, seed: int, index: int) -> str:
    return f"{split}_s{seed}_{index:03d}"


def make_report(seed: int, split: str, index: int, exclude: frozenset[str] = frozenset()) -> Report:
    return build_report(
        report_name(split, seed, index), split, random.Random(report_seed(seed, split, index)), exclude
    )


def write_corpus(
    seed: int,
    count: int,
    out: Path,
    split: str,
    renditions: tuple[str, ...],
    exclude: frozenset[str] = frozenset(),
) -> list[Path]:
    """Write the corpus; returns the files written. `exclude`: layout families to leave out."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index in range(count):
        report = make_report(seed, split, index, exclude)
        facts = out / f"{report.name}.facts.jsonl"
        write_facts(report, facts)
        written.append(facts)
        for rendition in renditions:
            path = rendition_path(out, rendition, report.name)
            path.parent.mkdir(parents=True, exist_ok=True)
            RENDITIONS[rendition][2](report, path)
            written.append(path)
    return written


def rendition_path(out: Path, rendition: str, name: str) -> Path:
    folder, suffix, _ = RENDITIONS[rendition]
    return (out / folder if folder else out) / f"{name}{suffix}"
