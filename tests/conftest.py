"""Shared fixtures: paths located from this file, never from the working directory."""

from __future__ import annotations

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
