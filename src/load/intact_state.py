"""Which warehouse files are known intact, so the full integrity scan runs once per change.

:func:`raporty.load.warehouse.check_integrity` reads every block of a warehouse: a cost that grows
with the warehouse and would be paid by every command, an unchanged re-ingest too. A file found
intact (or just closed by our own writer, whose every block DuckDB wrote and checksummed) is noted
in the user cache by its size, modification time and inode (and its WAL's); an open that finds the
file as noted skips the scan. Any write to the file — a damaged block, a cut, another tool — changes
what is noted, and the next open scans it again. A cache folder that cannot be written only means
every open scans.

Beside it, the writer notes which files it left loaded (name and content hash) in the state it
left the file: an unchanged re-ingest of those files, finding the warehouse as noted, needs not open
it at all (:func:`raporty.ingest.unchanged_batch`), so it imports no DuckDB.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def _marker(path: Path, kind: str = "intact") -> Path:
    from raporty.polish.index_cache import cache_dir

    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / kind / key


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
    _write(_marker(path), _state(path))


def remember_loaded(path: Path, loaded: dict[str, str]) -> None:
    """Note ``loaded`` (file name -> sha256 of each loaded document) as what ``path`` holds now."""
    _write(_marker(path, "loaded"), json.dumps({"state": _state(path), "loaded": loaded}))


def loaded_files(path: Path) -> dict[str, str] | None:
    """The loaded documents (file name -> sha256) the writer noted, if ``path`` is as it left it."""
    try:
        noted = json.loads(_marker(path, "loaded").read_text(encoding="utf-8"))
        if noted["state"] == _state(path) and isinstance(noted["loaded"], dict):
            return noted["loaded"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _write(marker: Path, text: str) -> None:
    from raporty.polish.index_cache import write_into_cache

    write_into_cache(marker, text.encode("utf-8"))
