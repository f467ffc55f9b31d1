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
