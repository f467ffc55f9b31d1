"""Reading limits checked while a document is read, not after: one place for every backend.

A document is read by one process at a time (:mod:`raporty.ingest` gives each its own), so the
running count lives in this module; :func:`start_document` resets it before each document.
Backends call the checks at the point they read (one line each):

* :func:`count_cells` — table cells and characters as the text or DOCX parser produces them;
* :func:`check_part_size` — the unpacked size of one DOCX zip part, from the zip directory;
* :func:`check_page_size` — a PDF page's size in points before anything renders it;
* :func:`guard_pdf_streams` — bounds the decoded size of every PDF stream pdfminer decodes (Flate,
  LZW, ASCII85, ASCIIHex, RunLength, CCITT fax), stops at a chain of references that comes back on itself
  and at a page that draws too many nested forms (pdfminer itself skips a form that draws itself).

Every limit is a field of :data:`raporty.settings.settings` (docs/limits.md lists them).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from io import BytesIO
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


def _limit() -> int:
    return _stream_limit["bytes"] or settings.max_pdf_stream_bytes


def _too_big() -> ExtractionError:
    return ExtractionError(f"refused: a PDF stream inflates to more than {mib(_limit())} (the stream limit)")


class _BoundedZlib:
    """Stands in for :mod:`zlib` inside pdfminer.pdftypes: ``decompress`` stops past the limit of the
    stream being decoded instead of inflating a few kilobytes into gigabytes."""

    error = zlib.error

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        limit = _limit()
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, limit + 1)
        if len(out) > limit or inflater.unconsumed_tail:
            raise _too_big()
        return out + inflater.flush()


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's fallback for a Flate stream with a bad checksum, bounded."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, _limit() + 1)
    except zlib.error:
        return b""
    if len(out) > _limit():
        raise _too_big()
    return out


def _bounded_lzw(data: bytes) -> bytes:
    """LZW decoded piece by piece, stopped past the limit (pdfminer's table never resets, so 18 KB
    of codes give 38 MB, and pure-Python decoding of it takes minutes)."""
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for piece in LZWDecoder(BytesIO(data)).run():
        out += piece
        if len(out) > _limit():
            raise _too_big()
    return bytes(out)


def _bounded_filter(original: Callable[..., bytes], size: Callable[[bytes], int]) -> Callable[..., bytes]:
    """``original`` (a pdfminer decoder) run only when ``size`` (its output size, counted without
    decoding) is within the limit."""

    def decode(data: bytes, *args: Any) -> bytes:
        if size(data) > _limit():
            raise _too_big()
        return original(data, *args)

    return decode


def _ascii85_size(data: bytes) -> int:
    """Output of ASCII85: four bytes for each 'z', four for five other digits (whitespace counts,
    so this is a little over)."""
    zeros = data.count(b"z")
    return 4 * zeros + (len(data) - zeros) * 4 // 5 + 4


def _runlength_size(data: bytes) -> int:
    """Output of RunLengthDecode, from its length bytes (a run of 2 bytes gives up to 128)."""
    if len(data) * 64 <= _limit():  # cannot pass the limit: do not scan
        return len(data) * 64
    size = position = 0
    while position < len(data) and data[position] != 128:
        length = data[position]
        if length < 128:
            size += length + 1
            position += length + 2
        else:
            size += 257 - length
            position += 2
        if size > _limit():
            break
    return size


def _bounded_ccitt(original: Callable[..., bytes]) -> Callable[..., bytes]:
    """CCITT fax data: a row of ``/Columns`` pixels may take one bit, so the width is checked
    first and the output as it grows."""
    from pdfminer import ccitt

    output_line = ccitt.CCITTFaxDecoder.output_line
    if not getattr(output_line, "_bounded", False):

        def bounded_output_line(self: Any, y: int, bits: Any) -> None:
            output_line(self, y, bits)
            if len(self._buf) > _limit():
                raise _too_big()

        bounded_output_line._bounded = True  # type: ignore[attr-defined]
        ccitt.CCITTFaxDecoder.output_line = bounded_output_line  # type: ignore[method-assign]

    def decode(data: bytes, params: dict[str, object]) -> bytes:
        columns = params.get("Columns")
        if isinstance(columns, int) and (columns + 7) // 8 > _limit():
            raise _too_big()
        return original(data, params)

    return decode


def _cycle_safe_resolve(original: Callable[..., Any]) -> Callable[..., Any]:
    """Follow a chain of references to its end, refusing one that comes back to an object already
    met (5 → 5, or 5 → 6 → 7 → 5): pdfminer's ``resolve1`` would follow it for ever."""
    from pdfminer.pdftypes import PDFObjRef

    def resolve(self: Any, default: object = None) -> Any:
        chain = [self.objid]
        found = original(self, default)
        while isinstance(found, PDFObjRef):
            if found.objid in chain:
                if len(chain) == 1:
                    raise ExtractionError(f"damaged PDF: object {self.objid} refers to itself")
                cycle = " → ".join(str(objid) for objid in [*chain, found.objid])
                raise ExtractionError(f"damaged PDF: objects {cycle} refer to each other in a cycle")
            chain.append(found.objid)
            found = original(found, default)
        return found

    return resolve


_forms = {"drawn": 0}


def _counted_execute(original: Callable[..., None]) -> Callable[..., None]:
    """Count the content streams one page runs (the page's and every form XObject it draws): a
    form drawing another twice, 25 deep, is 33 million runs without any cycle."""

    def execute(self: Any, streams: Any) -> None:
        _forms["drawn"] += 1
        if _forms["drawn"] > settings.max_pdf_forms_per_page:
            raise ExtractionError(
                f"refused: a PDF page draws more than {settings.max_pdf_forms_per_page} forms "
                "(form XObjects nested in each other)"
            )
        original(self, streams)

    return execute


def _page_counted(original: Callable[..., None]) -> Callable[..., None]:
    def process_page(self: Any, page: Any) -> None:
        _forms["drawn"] = 0
        original(self, page)

    return process_page


def guard_pdf_streams() -> None:
    """Bound the decoded size of PDF streams (every filter pdfminer decodes; content streams and
    images have their own limits), refuse reference cycles and runaway form nesting."""
    from pdfminer import pdfinterp, pdftypes

    if getattr(pdftypes.PDFStream.decode, "_bounded", False):
        return
    original = pdftypes.PDFStream.decode

    def decode(self: Any) -> None:
        subtype = self.attrs.get("Subtype") if isinstance(self.attrs, dict) else None
        image = getattr(subtype, "name", None) == "Image"
        _stream_limit["bytes"] = settings.max_pdf_image_bytes if image else settings.max_pdf_stream_bytes
        return original(self)

    decode._bounded = True  # type: ignore[attr-defined]
    pdftypes.PDFStream.decode = decode  # type: ignore[method-assign]
    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _bounded_lzw
    pdftypes.ascii85decode = _bounded_filter(pdftypes.ascii85decode, _ascii85_size)
    pdftypes.asciihexdecode = _bounded_filter(pdftypes.asciihexdecode, lambda data: len(data) // 2)
    pdftypes.rldecode = _bounded_filter(pdftypes.rldecode, _runlength_size)
    pdftypes.ccittfaxdecode = _bounded_ccitt(pdftypes.ccittfaxdecode)
    pdftypes.PDFObjRef.resolve = _cycle_safe_resolve(pdftypes.PDFObjRef.resolve)  # type: ignore[method-assign]
    interpreter = pdfinterp.PDFPageInterpreter
    interpreter.execute = _counted_execute(interpreter.execute)  # type: ignore[method-assign]
    interpreter.process_page = _page_counted(interpreter.process_page)  # type: ignore[method-assign]
