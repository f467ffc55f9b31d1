"""Image-only PDF renditions: the text PDF rasterised with pdftoppm, optionally degraded.

`scan200`: 200 dpi greyscale. `scan150-noisy`: 150 dpi, Gaussian noise, slight blur, a rotation
of 0.5–2° (random sign), JPEG quality 60. Pages are wrapped as PDF with img2pdf (no dates), so
the output is reproducible for a seed.
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path

import img2pdf
import numpy as np
from PIL import Image, ImageFilter

from .model import Report
from .render_pdf import render_pdf


def _rasterise(pdf: Path, dpi: int, workdir: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(workdir / "page")], check=True)
    return sorted(workdir.glob("page*.png"))


def _degrade(image: Image.Image, rng: random.Random) -> bytes:
    noise_rng = np.random.default_rng(rng.randrange(2**32))
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    pixels += noise_rng.normal(0.0, 12.0, pixels.shape).astype(np.float32)
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    noisy = noisy.filter(ImageFilter.GaussianBlur(radius=0.6))
    angle = rng.uniform(0.5, 2.0) * rng.choice([-1, 1])
    noisy = noisy.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    out = io.BytesIO()
    noisy.save(out, format="JPEG", quality=60)
    return out.getvalue()


def render_scan(report: Report, path: Path, dpi: int = 200, noisy: bool = False, seed: int = 0) -> None:
    rng = random.Random(f"scan:{report.name}:{dpi}:{noisy}:{seed}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        pdf = workdir / "source.pdf"
        render_pdf(report, pdf)
        pages: list[bytes] = []
        for page in _rasterise(pdf, dpi, workdir):
            with Image.open(page) as image:
                if noisy:
                    pages.append(_degrade(image, rng))
                else:
                    out = io.BytesIO()
                    image.convert("L").save(out, format="PNG")
                    pages.append(out.getvalue())
        layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
        path.write_bytes(img2pdf.convert(pages, layout_fun=layout, nodate=True))


def render_scan200(report: Report, path: Path) -> None:
    render_scan(report, path, dpi=200)


def render_scan150_noisy(report: Report, path: Path) -> None:
    render_scan(report, path, dpi=150, noisy=True)
