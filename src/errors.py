"""Errors every stage shares, in a module that imports nothing heavy: the command line and an
unchanged re-ingest name them without loading pydantic, the extractors or the models."""

from __future__ import annotations


class ExtractionError(Exception):
    """A document that cannot be extracted; the message is shown to the user as one line."""
