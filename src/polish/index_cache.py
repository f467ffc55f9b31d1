"""Word indexes built once per machine, not per run, and mapped into memory (issue 17).

The fold indexes of :mod:`raporty.polish.lemmas` and :mod:`raporty.polish.repair_lexicon` (folded
spelling → words of the frequency list) and the frequency list of :mod:`raporty.polish.frequency`
(453 000 words) cost 0.3–0.5 s each to build from wordfreq's lists, and still 0.1–0.3 s each to
load as Python dictionaries (half a million string objects, 50 MB), in every process that
starts cold. :func:`cached_index` builds such a string → string index once and keeps it in a file
of the user cache folder (``platformdirs`` user cache, ``$RAPORTY_CACHE_DIR`` when set) as sorted
keys and their values; later runs map the file into memory (:class:`SortedIndex`: nothing is read
until looked up, a look-up is a binary search of about 19 steps, and every process shares the
same pages of the page cache).

The file name carries what the index depends on: the raporty and wordfreq versions and a digest
of the building function's code, so a new dictionary or a changed rule builds a new file. A file
that is missing, damaged or unreadable is rebuilt; a cache folder that cannot be written only
means the index is built in memory (and kept there) as before.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import struct
import tempfile
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from types import CodeType

_MAGIC = b"RAPIDX2\0"
_HEADER = struct.Struct("<8sQ")  # magic, number of keys


def cache_dir() -> Path:
    configured = os.environ.get("RAPORTY_CACHE_DIR")
    if configured:
        return Path(configured)
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("raporty"))
    except ImportError:
        return Path.home() / ".cache" / "raporty"


@cache
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
    sha = hashlib.sha256(_MAGIC)
    _code_digest(build.__code__, sha)
    digest = sha.hexdigest()[:12]
    key = f"raporty{_version('raporty')}-wordfreq{_version('wordfreq')}-{digest}"
    return cache_dir() / f"{name}-{key}.index"


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class SortedIndex(Mapping[str, str]):
    """A read-only str → str mapping over the bytes of an index file: a header, the keys' and the
    values' end offsets (little-endian uint32, one per key) and the two UTF-8 blobs, keys sorted by
    their UTF-8 bytes (which is code-point order)."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        magic, count = _HEADER.unpack_from(data, 0)
        if magic != _MAGIC:
            raise ValueError("not a raporty index file")
        start = _HEADER.size
        view = memoryview(data)
        self._key_ends = view[start : start + 4 * count].cast("I")
        self._value_ends = view[start + 4 * count : start + 8 * count].cast("I")
        self._keys_at = start + 8 * count
        self._values_at = self._keys_at + (self._key_ends[-1] if count else 0)
        if len(data) != self._values_at + (self._value_ends[-1] if count else 0):
            raise ValueError("index file of the wrong length")
        self._data = data
        self._count = count

    @staticmethod
    def encode(index: Mapping[str, str]) -> bytes:
        items = sorted((_utf8(key), _utf8(value)) for key, value in index.items())
        key_ends, value_ends, end_k, end_v = [], [], 0, 0
        for key, value in items:
            end_k += len(key)
            end_v += len(value)
            key_ends.append(end_k)
            value_ends.append(end_v)
        return b"".join(
            [
                _HEADER.pack(_MAGIC, len(items)),
                struct.pack(f"<{len(items)}I", *key_ends),
                struct.pack(f"<{len(items)}I", *value_ends),
                *(key for key, _ in items),
                *(value for _, value in items),
            ]
        )

    def _key(self, i: int) -> bytes:
        begin = self._key_ends[i - 1] if i else 0
        return self._data[self._keys_at + begin : self._keys_at + self._key_ends[i]]

    def _position(self, key: bytes) -> int:
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            if self._key(middle) < key:
                low = middle + 1
            else:
                high = middle
        return low

    def __getitem__(self, key: str) -> str:
        wanted = _utf8(key)
        i = self._position(wanted)
        if i == self._count or self._key(i) != wanted:
            raise KeyError(key)
        begin = self._value_ends[i - 1] if i else 0
        return _text(self._data[self._values_at + begin : self._values_at + self._value_ends[i]])

    def __iter__(self) -> Iterator[str]:
        return (_text(self._key(i)) for i in range(self._count))

    def __len__(self) -> int:
        return self._count


def _mapped(path: Path) -> SortedIndex:
    with open(path, "rb") as file:
        return SortedIndex(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))


def cached_index(name: str, build: Callable[[], dict[str, str]]) -> Mapping[str, str]:
    """``build()``, mapped from the cache file when there is a current one; written there when not.
    Keys and values are any strings."""
    path = cache_path(name, build)
    try:
        return _mapped(path)
    except (OSError, ValueError, struct.error):
        pass  # missing, stale (another name), damaged: built again
    index = build()
    if not write_into_cache(path, SortedIndex.encode(index)):
        return index
    try:
        return _mapped(path)
    except (OSError, ValueError, struct.error):
        return index


def write_into_cache(path: Path, data: bytes) -> bool:
    """Write ``path`` (a file of the cache folder) whole or not at all: through a temporary file
    beside it, swapped in, so a concurrent run reads the old file or the new one. False when the
    folder cannot be written (the caller then goes on without the file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, prefix=".tmp-") as file:
            file.write(data)
        os.replace(file.name, path)
    except OSError:
        return False
    return True
