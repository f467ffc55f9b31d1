"""Which warehouse files are known intact, so the full integrity scan runs once per change.

:func:`raporty.load.warehouse.check_integrity` reads every block of a warehouse: a cost that grows
with the warehouse and would be paid by every command, an unchanged re-ingest too. A file found
intact (or just closed by our own writer, whose every block DuckDB wrote and checksummed) is noted
in the user cache by its size, modification time and inode (and its WAL's); an open that finds the
file as noted skips the scan. Any write to the file — a damaged block, a cut, another tool — changes
what is noted, and the next open scans it again. A cache folder that cannot be written only means
every open scans.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def _marker(path: Path) -> Path:
    from raporty.polish.index_cache import cache_dir

    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / "intact" / key


def _state(path: Path) -> str:
    parts = []
    for file in (path, Path(f"{path}.wal")):
        try:
            st = file.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return " ".join(parts)


def known_intact(path: Path) -> bool:
    try:
        return _marker(path).read_text(encoding="utf-8") == _state(path)
    except OSError:
        return False


def remember_intact(path: Path) -> None:
    try:
        marker = _marker(path)
        marker.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=marker.parent, delete=False) as file:
            file.write(_state(path))
        os.replace(file.name, marker)
    except OSError:
        pass
