"""The HTML report's plan chart (issue 18: "three identical greys in a legend"): every outcome, each
state of a "state only" outcome too, is drawn in a colour of its own, seen in the rendered PNG."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import duckdb
import numpy as np
from PIL import Image

from raporty.quality.report import _outcome_colours, build_report, make_charts


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def test_each_outcome_has_its_own_colour_in_the_chart(warehouse_file: Path) -> None:
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        report = build_report(con)
    outcomes = sorted(set(report.plan_outcomes.outcome))
    states = [name for name in outcomes if name.startswith("state only")]
    assert len(states) >= 2  # the case that was three greys
    colours = _outcome_colours(outcomes)
    assert len(set(colours)) == len(colours)
    png = base64.b64decode(make_charts(report)["Plan vs actual by section"])
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    pixels = {tuple(int(v) for v in row) for row in np.unique(image, axis=0)}
    assert [c for c in colours if _rgb(c) not in pixels] == []  # each one drawn (bars and legend)
