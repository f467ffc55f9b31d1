"""Shared fixtures: paths located from this file, never from the working directory."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = ROOT / "tests" / "expected"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def expected_dir() -> Path:
    return EXPECTED


@pytest.fixture(scope="session")
def bad_inputs_tool():
    """tools/make_bad_inputs.py as a module (it builds the big generated inputs)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("make_bad_inputs", ROOT / "tools" / "make_bad_inputs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


StderrReader = Callable[[subprocess.Popen], tuple[list[str], threading.Thread]]


@pytest.fixture
def read_stderr() -> StderrReader:
    """Start reading a running process's stderr in a thread: returns the chunks read so far (a list
    that grows; progress bars redraw with "\\r", so chunks are kept as they come) and the thread."""

    def start(process: subprocess.Popen) -> tuple[list[str], threading.Thread]:
        seen: list[str] = []

        def read() -> None:
            assert process.stderr is not None
            while chunk := process.stderr.read1(4096):
                seen.append(chunk.decode(errors="replace"))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        return seen, reader

    return start
