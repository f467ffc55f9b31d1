"""Extract: one backend per input format, all returning a :class:`raporty.models.Document`.

Adding a format is one module with an :class:`~raporty.extract.base.Extractor` subclass and one
line in ``_BACKENDS``. Backends are imported lazily so the CLI starts fast.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from raporty.extract import limits
from raporty.extract.base import ExtractionError, Extractor
from raporty.extract.detect import UnknownFormat, detect_format
from raporty.models import Document, InputFormat
from raporty.settings import settings

_BACKENDS: dict[InputFormat, str] = {
    InputFormat.DOCX: "raporty.extract.docx:DocxExtractor",
    InputFormat.TEXT: "raporty.extract.text.export:TextExtractor",
    InputFormat.PDF: "raporty.extract.pdf.extractor:PdfExtractor",
    InputFormat.IMAGE: "raporty.extract.scan.extractor:ImageExtractor",
}


def get_extractor(fmt: InputFormat) -> Extractor:
    module_name, _, class_name = _BACKENDS[fmt].partition(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise ExtractionError(f"{fmt.value} input is not supported yet") from None
        raise
    return getattr(module, class_name)()


def extract_bytes(path: Path, data: bytes) -> Document:
    """Detect the format of ``data`` and extract it; raise ExtractionError with a one-line reason."""
    if len(data) > settings.max_file_bytes:
        raise ExtractionError(f"file is larger than the {settings.max_file_bytes // 1024 // 1024} MiB limit")
    try:
        fmt = detect_format(data)
    except UnknownFormat as exc:
        raise ExtractionError(str(exc)) from None
    limits.start_document()
    if fmt is InputFormat.PDF:
        limits.guard_pdf_streams()
    try:
        document = get_extractor(fmt).extract(path, data)
    except Exception as exc:
        cause: BaseException = exc
        while cause.args and isinstance(cause.args[0], BaseException):  # pdfplumber wraps what it meets
            cause = cause.args[0]
        if isinstance(cause, ExtractionError) and cause is not exc:  # a limit met inside a library
            raise cause from None
        if type(exc).__name__ == "DecompressionBombError":  # Pillow's own pixel limit, met before ours
            raise ExtractionError(
                f"image too large to decode safely ({' '.join(str(exc).split())})"
            ) from None
        raise
    if not document.tables:
        raise ExtractionError("no tables found: not a report with activity or indicator tables")
    cells = sum(len(row.cells) for table in document.tables for row in table.rows)
    if cells > settings.max_table_cells:
        raise ExtractionError(
            f"{cells} table cells, more than the {settings.max_table_cells} cell limit; split the file"
        )
    return document


def extract_file(path: Path) -> Document:
    return extract_bytes(path, Path(path).read_bytes())


__all__ = ["ExtractionError", "Extractor", "extract_bytes", "extract_file", "get_extractor"]
