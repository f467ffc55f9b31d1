"""One typed settings object: defaults, limits, thresholds and default paths.

Every value can be overridden with an environment variable ``RAPORTY_<NAME>`` (``RAPORTY_DB``,
``RAPORTY_MAX_TABLE_CELLS``, ``RAPORTY_UNIT_ALIASES`` …); command-line flags override both.
Modules read :data:`settings` when they need a value (never copy one into a constant at import),
so a test or tool may :func:`reload` it after changing the environment.

A plain dataclass rather than pydantic-settings: the CLI and a no-op re-ingest import it, and
pydantic-settings alone costs 0.12 s of start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

ENV_PREFIX = "RAPORTY_"
DB_HELP = "warehouse file (default $RAPORTY_DB, else data/warehouse/raporty.duckdb)"


class SettingsError(ValueError):
    """An environment override that is not a valid value (one line)."""


@dataclass
class Settings:
    # paths ------------------------------------------------------------------------------------
    #: The warehouse file, relative to the working directory.
    db: Path = Path("data/warehouse/raporty.duckdb")
    #: A user's unit alias CSV (alias,canonical); None means the packaged schemas/unit_aliases.csv.
    unit_aliases: Path | None = None

    # ingest -----------------------------------------------------------------------------------
    #: Seconds an ingest waits for another writer's lock before giving up.
    lock_wait_seconds: float = 30.0

    #: 1: read every block of the warehouse at open (a truncated file or a damaged block gives
    #: one line at once); 0: skip the check (a warehouse of many GiB opens faster).
    check_warehouse: int = 1

    # limits of one document ----------------------------------------------------------------------
    #: Largest input file read at all.
    max_file_bytes: int = 100 * 1024 * 1024
    #: Table cells in one document. Normalising costs about 30 KB of memory per row of five cells,
    #: so a document past this would need gigabytes; it is refused with a clear reason instead.
    max_table_cells: int = 250_000
    #: Pixels of one page image given to tesseract (a 600 dpi A3 page is about 70 MP).
    max_page_pixels: int = 60_000_000
    #: Characters of text in one document, counted as the parser reads (a 500-page report has ~2 M).
    max_document_chars: int = 50_000_000
    #: Unpacked size of one DOCX part (word/document.xml of a 10 000-row table is ~20 MiB).
    max_docx_part_bytes: int = 64 * 1024 * 1024
    #: Inflated size of one PDF content stream (the operators of one page: a dense page has < 1 MiB).
    max_pdf_stream_bytes: int = 16 * 1024 * 1024
    #: Inflated size of one PDF image stream.
    max_pdf_image_bytes: int = 256 * 1024 * 1024
    #: Content streams one PDF page runs: its own and each form XObject drawn, nested ones included.
    max_pdf_forms_per_page: int = 20_000
    #: Page size of a PDF page, in points, on either side (A0 is 3370 pt; PDF's own limit 14 400).
    max_page_points: float = 5_000.0

    # budget of one document (each is read in a process of its own) --------------------------------
    #: Wall-clock seconds one document may take to be read and normalised (``--timeout``; 0: none).
    document_timeout_seconds: float = 120.0
    #: Memory one document may add to the warm process, in bytes (``--memory``; 0: no limit).
    document_memory_bytes: int = 2 * 1024 * 1024 * 1024

    # thresholds (0–100) -------------------------------------------------------------------------
    #: OCR word confidence below which a number is flagged low-confidence in the warehouse.
    low_confidence: float = 60.0
    #: Lowest name similarity for two spellings to be one unit. Chosen on invented name pairs
    #: (tests/load/test_unit_resolution.py): spelling and OCR variants score 92.6–100, the closest
    #: different units 90.7 (a renamed department, also caught by the dictionary-word veto).
    unit_fuzzy_threshold: float = 92.0
    #: Lowest similarity of two activity names for cross-report linking.
    activity_link_threshold: float = 80.0
    #: Lowest similarity of activity names for ``raporty verify`` to compare their facts.
    verify_activity_threshold: float = 90.0

    # table finder over word boxes (raporty.extract.grid) -------------------------------------
    #: × text size: a wider space between two words of a line separates two cells.
    grid_phrase_gap: float = 0.6
    #: × the smallest line pitch of a table: a larger pitch between two lines starts a new row.
    grid_row_gap: float = 1.2
    #: × font size: letters of a PDF line closer than this are one word (pdfplumber x_tolerance_ratio).
    pdf_char_gap: float = 0.2

    # scans ------------------------------------------------------------------------------------
    #: Pages scanned below this resolution (dpi) are enlarged before OCR …
    ocr_min_dpi: float = 200.0
    #: … to this resolution.
    ocr_target_dpi: float = 300.0
    #: Grey levels of paper noise (standard deviation) above which a page is denoised (median filter).
    ocr_noise_sigma: float = 4.0
    #: 1: binarise noisy pages (Otsu) after denoising; 0 leaves thresholding to tesseract.
    ocr_binarise: int = 0
    # parallel reading ---------------------------------------------------------------------------
    #: Pages of one document read in parallel, text-PDF pages and OCR'd pages alike (processes;
    #: tesseract runs with OMP_THREAD_LIMIT=1). 0: one per usable core.
    page_jobs: int = 0

    def __post_init__(self) -> None:
        for name in (
            "lock_wait_seconds",
            "max_file_bytes",
            "max_table_cells",
            "max_page_pixels",
            "max_document_chars",
            "max_docx_part_bytes",
            "max_pdf_stream_bytes",
            "max_pdf_image_bytes",
            "max_pdf_forms_per_page",
            "max_page_points",
            "document_timeout_seconds",
            "document_memory_bytes",
            "page_jobs",
        ):
            if getattr(self, name) < 0:
                raise SettingsError(f"{ENV_PREFIX}{name.upper()} must not be negative")
        for name in (
            "low_confidence",
            "unit_fuzzy_threshold",
            "activity_link_threshold",
            "verify_activity_threshold",
        ):
            if not 0 <= getattr(self, name) <= 100:
                raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be between 0 and 100")

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Settings:
        """Defaults overridden by ``RAPORTY_*`` variables, each converted to its field's type."""
        environ = dict(os.environ) if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            kind = str(f.type)
            try:
                if kind.startswith("Path"):
                    values[f.name] = Path(raw)
                elif kind == "int":
                    values[f.name] = int(raw.replace("_", ""))
                else:
                    values[f.name] = float(raw)
            except ValueError:
                raise SettingsError(f"{ENV_PREFIX}{f.name.upper()}={raw!r} is not a valid {kind}") from None
        return cls(**values)  # type: ignore[arg-type]


settings = Settings.from_environment()


def reload(environ: dict[str, str] | None = None) -> Settings:
    """Read the environment again (after a test or tool changed it); returns the updated object."""
    fresh = Settings.from_environment(environ)
    for f in fields(Settings):
        setattr(settings, f.name, getattr(fresh, f.name))
    return settings
