"""Write the JSON Schema of the record model to schemas/*.schema.json (generated, never hand-edited).

Run: .venv/bin/python tools/export_schemas.py   (tests/test_schemas.py fails when the files are stale)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from raporty.models import Document, Fact, Measure

ROOT = Path(__file__).resolve().parents[1]
MODELS = {"document": Document, "fact": Fact, "measure": Measure}


def render(model) -> str:
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    for name, model in MODELS.items():
        (ROOT / "schemas" / f"{name}.schema.json").write_text(render(model), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
