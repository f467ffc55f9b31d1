"""Input format detection from content (magic bytes), never from the file extension."""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO

from raporty.models import InputFormat


class UnknownFormat(Exception):
    pass


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
#: Formats people save reports in that are not read: the reason tells them what to do instead.
_UNSUPPORTED_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word 97-2003 .doc (OLE2) file: save it as DOCX"),
    (b"{\\rtf", "RTF file: save it as DOCX"),
)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)


def detect_format(data: bytes) -> InputFormat:
    """Return the format of ``data``; raise UnknownFormat with a short reason."""
    if not data or not data.strip():
        raise UnknownFormat("empty file")
    head = data[:8]
    if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return InputFormat.PDF
    if head.startswith(_IMAGE_MAGIC):
        return InputFormat.IMAGE
    for magic, reason in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            raise UnknownFormat(reason)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = set(zf.namelist())
                mimetype = zf.open("mimetype").read(100) if "mimetype" in names else b""
        except _ZIP_ERRORS as exc:
            raise UnknownFormat(f"damaged zip container ({' '.join(str(exc).split())})") from None
        if "word/document.xml" in names:
            return InputFormat.DOCX
        if b"opendocument" in mimetype:
            raise UnknownFormat("OpenDocument (ODT) file: save it as DOCX")
        raise UnknownFormat("zip file that is not a Word document")
    if _looks_like_text(data):
        return InputFormat.TEXT
    raise UnknownFormat("not a DOCX, PDF, image or text report")


def _looks_like_text(data: bytes) -> bool:
    from raporty.extract.text.export import decode_text

    try:
        text = decode_text(data[:65536])
    except UnicodeDecodeError:
        return False
    if not text:
        return False
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return printable / len(text) > 0.97
