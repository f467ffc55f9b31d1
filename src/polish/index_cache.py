"""Word indexes built once per machine, not per run (issue 17).

The fold indexes of :mod:`raporty.polish.lemmas` and :mod:`raporty.polish.repair_lexicon` (folded
spelling → words of the 300 000-word frequency list) cost 0.3–0.5 s each to build from wordfreq's
lists, on every run and before any worker starts. :func:`cached_index` builds such a string →
string index once and keeps it in a file of the user cache folder (``platformdirs`` user cache,
``$RAPORTY_CACHE_DIR`` when set), loaded in one read on later runs.

The file name carries what the index depends on: the raporty and wordfreq versions and a digest
of the building function's code, so a new dictionary or a changed rule builds a new file. A file
that is missing, damaged or unreadable is rebuilt; a cache folder that cannot be written only
means the index is built in memory as before. Keys and values never hold a newline or NUL.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import CodeType

_SEPARATOR = "\0"
_FORMAT = "1"


def cache_dir() -> Path:
    configured = os.environ.get("RAPORTY_CACHE_DIR")
    if configured:
        return Path(configured)
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("raporty"))
    except ImportError:
        return Path.home() / ".cache" / "raporty"


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "0"


def _code_digest(code: CodeType, sha: hashlib._Hash) -> None:
    """What a function does, independent of where it is in memory (nested code objects included)."""
    sha.update(code.co_code)
    sha.update(repr(code.co_names).encode())
    for const in code.co_consts:
        if isinstance(const, CodeType):
            _code_digest(const, sha)
        else:
            sha.update(repr(const).encode())


def cache_path(name: str, build: Callable[[], dict[str, str]]) -> Path:
    sha = hashlib.sha256(_FORMAT.encode())
    _code_digest(build.__code__, sha)
    digest = sha.hexdigest()[:12]
    key = f"raporty{_version('raporty')}-wordfreq{_version('wordfreq')}-{digest}"
    return cache_dir() / f"{name}-{key}.index"


def cached_index(name: str, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    """``build()``, from the cache file when there is a current one; written there when not."""
    path = cache_path(name, build)
    try:
        keys, values = path.read_text(encoding="utf-8").split(_SEPARATOR)
        index = dict(zip(keys.split("\n"), values.split("\n"), strict=True))
        if index:
            return index
    except (OSError, ValueError, UnicodeDecodeError):
        pass  # missing, stale (another name), damaged: built again
    index = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(index) + _SEPARATOR + "\n".join(index.values())
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, prefix=".tmp-", suffix=".index"
        ) as file:
            file.write(text)
        os.replace(file.name, path)  # atomic: a concurrent run reads the old file or the new one whole
    except OSError:
        pass
    return index
