"""The one contract every format backend implements."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from pathlib import Path

from raporty.errors import ExtractionError
from raporty.models import Document, InputFormat

__all__ = ["ExtractionError", "Extractor", "sha256_of"]


class Extractor(ABC):
    """A format backend: turns one file into a :class:`Document`."""

    format: InputFormat

    @abstractmethod
    def extract(self, path: Path, data: bytes) -> Document:
        """Extract ``data`` (the bytes of ``path``) into a Document; raise ExtractionError on bad input."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
