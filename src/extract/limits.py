"""Reading limits checked while a document is read, not after: one place for every backend.

A document is read by one process at a time (:mod:`raporty.ingest` gives each its own), so the
running count lives in this module; :func:`start_document` resets it before each document.
Backends call the checks at the point they read (one line each):

* :func:`count_cells` — table cells and characters as the text or DOCX parser produces them;
* :func:`check_part_size` — the unpacked size of one DOCX zip part, from the zip directory;
* :func:`check_page_size` — a PDF page's size in points before anything renders it;
* :func:`guard_pdf_streams` — bounds the inflated size of every PDF stream pdfminer decodes, and
  stops at an object that refers to itself (a longer cycle is left to the time limit).

Every limit is a field of :data:`raporty.settings.settings` (docs/limits.md lists them).
"""

from __future__ import annotations

import zlib
from typing import Any

from raporty.errors import ExtractionError
from raporty.settings import settings

_count = {"cells": 0, "chars": 0}


def mib(size: float) -> str:
    return f"{size / 1024 / 1024:.0f} MiB"


def start_document() -> None:
    """Reset the running counts (called before each document is read)."""
    _count["cells"] = 0
    _count["chars"] = 0


def count_cells(cells: int, chars: int = 0) -> None:
    """Add ``cells`` table cells and ``chars`` characters to the document's count; past a limit,
    fail now rather than after the whole document has been read into memory."""
    _count["cells"] += cells
    _count["chars"] += chars
    if _count["cells"] > settings.max_table_cells:
        raise ExtractionError(
            f"more than the {settings.max_table_cells} cell limit (table cells, counted while reading); split the file"
        )
    if _count["chars"] > settings.max_document_chars:
        raise ExtractionError(
            f"more than the {settings.max_document_chars} character limit (text, counted while reading); split the file"
        )


def check_part_size(name: str, size: int) -> None:
    """One DOCX part must unpack to at most ``max_docx_part_bytes`` (whatever the container's ratio)."""
    if size > settings.max_docx_part_bytes:
        raise ExtractionError(
            f"refused: {name} unpacks to {mib(size)}, more than the {mib(settings.max_docx_part_bytes)} part limit"
        )


def check_page_size(page: int, width: float, height: float) -> None:
    """A page larger than ``max_page_points`` on a side is refused before it is rendered or laid out."""
    limit = settings.max_page_points
    if max(width, height) > limit:
        raise ExtractionError(
            f"page {page} is {width:.0f}×{height:.0f} pt, larger than the {limit:.0f} pt page limit"
        )


def check_pixels(width: int, height: int, what: str = "page image") -> None:
    """An image past ``max_page_pixels`` is refused before it is decoded."""
    if width * height > settings.max_page_pixels:
        raise ExtractionError(
            f"{what} of {width}×{height} px ({width * height / 1e6:.0f} MP) is over the "
            f"{settings.max_page_pixels // 1_000_000} MP limit; rescan at a lower resolution"
        )


# -- PDF streams --------------------------------------------------------------------------------------
_stream_limit = {"bytes": 0}


class _BoundedZlib:
    """Stands in for :mod:`zlib` inside pdfminer.pdftypes: ``decompress`` stops past the limit of the
    stream being decoded instead of inflating a few kilobytes into gigabytes."""

    error = zlib.error

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        limit = _stream_limit["bytes"] or settings.max_pdf_stream_bytes
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, limit + 1)
        if len(out) > limit or inflater.unconsumed_tail:
            raise ExtractionError(
                f"refused: a PDF stream inflates to more than {mib(limit)} (the stream limit)"
            )
        return out + inflater.flush()


def guard_pdf_streams() -> None:
    """Bound the inflated size of PDF streams (content streams and images have their own limits)."""
    from pdfminer import pdftypes

    if getattr(pdftypes.PDFStream.decode, "_bounded", False):
        return
    original = pdftypes.PDFStream.decode

    def decode(self: Any) -> None:
        subtype = self.attrs.get("Subtype") if isinstance(self.attrs, dict) else None
        image = getattr(subtype, "name", None) == "Image"
        _stream_limit["bytes"] = settings.max_pdf_image_bytes if image else settings.max_pdf_stream_bytes
        return original(self)

    def decompress_corrupted(data: bytes) -> bytes:  # pdfminer's fallback for a bad checksum, bounded
        inflater = zlib.decompressobj()
        limit = _stream_limit["bytes"] or settings.max_pdf_stream_bytes
        try:
            out = inflater.decompress(data, limit + 1)
        except zlib.error:
            return b""
        if len(out) > limit:
            raise ExtractionError(
                f"refused: a PDF stream inflates to more than {mib(limit)} (the stream limit)"
            )
        return out

    original_resolve = pdftypes.PDFObjRef.resolve

    def resolve(self: Any, default: object = None) -> Any:
        # an object that is a reference to itself: pdfminer's resolve1 would follow it for ever
        found = original_resolve(self, default)
        if isinstance(found, pdftypes.PDFObjRef) and found.objid == self.objid:
            raise ExtractionError(f"damaged PDF: object {self.objid} refers to itself")
        return found

    pdftypes.PDFObjRef.resolve = resolve  # type: ignore[method-assign]
    decode._bounded = True  # type: ignore[attr-defined]
    pdftypes.PDFStream.decode = decode  # type: ignore[method-assign]
    pdftypes.decompress_corrupted = decompress_corrupted
    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
