"""Input format detection from content (magic bytes), never from the file extension."""

from __future__ import annotations

import zipfile
from io import BytesIO

from raporty.models import InputFormat


class UnknownFormat(Exception):
    pass


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def detect_format(data: bytes) -> InputFormat:
    """Return the format of ``data``; raise UnknownFormat with a short reason."""
    if not data or not data.strip():
        raise UnknownFormat("empty file")
    head = data[:8]
    if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return InputFormat.PDF
    if head.startswith(_IMAGE_MAGIC):
        return InputFormat.IMAGE
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError) as exc:
            raise UnknownFormat(f"damaged zip container ({exc})") from None
        if "word/document.xml" in names:
            return InputFormat.DOCX
        raise UnknownFormat("zip file that is not a Word document")
    if _looks_like_text(data):
        return InputFormat.TEXT
    raise UnknownFormat("not a DOCX, PDF, image or text report")


def _looks_like_text(data: bytes) -> bool:
    from raporty.extract.text import decode_text

    try:
        text = decode_text(data[:65536])
    except UnicodeDecodeError:
        return False
    if not text:
        return False
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return printable / len(text) > 0.97
