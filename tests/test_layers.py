"""The stages import one way: extract → normalize → load, with models, settings and the shared
Polish text tools (raporty.polish) below all three. Checked over every import statement of the
package, lazy and TYPE_CHECKING ones included, so a cycle cannot hide inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: package → the raporty packages it must not import
FORBIDDEN = {
    "polish": ("extract", "normalize", "load", "quality", "ingest", "cli"),
    "extract": ("normalize", "load", "quality", "ingest", "cli"),
    "normalize": ("extract", "load", "quality", "ingest", "cli"),
    "load": ("extract", "normalize", "quality", "ingest", "cli"),
}
BASE_MODULES = ("models.py", "row_records.py", "settings.py")


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "raporty":  # "from raporty import normalize"
                found += [(node.lineno, f"raporty.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "<relative import>"))
    return found


def _violations(files: list[Path], banned: tuple[str, ...]) -> list[str]:
    hits = []
    for path in files:
        for line, module in _imported_modules(path):
            if module == "<relative import>":
                hits.append(f"{path.relative_to(SRC)}:{line} uses a relative import")
            for name in banned:
                if module == f"raporty.{name}" or module.startswith(f"raporty.{name}."):
                    hits.append(f"{path.relative_to(SRC)}:{line} imports {module}")
    return sorted(set(hits))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_stage_imports_point_one_way(package: str) -> None:
    files = sorted((SRC / package).rglob("*.py"))
    assert files, f"src/{package} is empty"
    assert _violations(files, FORBIDDEN[package]) == []


def test_models_and_settings_import_no_stage() -> None:
    files = [SRC / name for name in BASE_MODULES]
    banned = ("polish", "extract", "normalize", "load", "quality", "ingest", "cli")
    assert _violations(files, banned) == []


def test_the_checker_sees_a_lazy_backward_import(tmp_path: Path) -> None:
    module = tmp_path / "lazy.py"
    module.write_text(
        "def f():\n    from raporty.normalize.measures import split_measures\n", encoding="utf-8"
    )
    global SRC
    saved, SRC = SRC, tmp_path
    try:
        assert _violations([module], ("normalize",)) == ["lazy.py:2 imports raporty.normalize.measures"]
    finally:
        SRC = saved
