import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _exporter():
    spec = importlib.util.spec_from_file_location("export_schemas", ROOT / "tools" / "export_schemas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_json_schemas_match_the_models():
    exporter = _exporter()
    for name, model in exporter.MODELS.items():
        committed = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == exporter.render(model), (
            f"schemas/{name}.schema.json is stale: run tools/export_schemas.py"
        )


def test_document_schema_names_the_hierarchy():
    schema = _exporter().render(_exporter().MODELS["document"])
    for name in ("Section", "Table", "Row", "Cell", "ColumnRole"):
        assert f'"{name}"' in schema
