"""Page images made ready for OCR: enlarged below 200 dpi, cleaned of noise, optionally binarised.

Deskewing happens before (:func:`raporty.extract.scan.tesseract.upright`, projection profile).
Here: a page scanned below ``settings.ocr_min_dpi`` is enlarged to ``settings.ocr_target_dpi``
(Lanczos), so that 8-point text is tall enough for tesseract; a noisy page (the grey of the paper
varies by more than ``settings.ocr_noise_sigma`` levels) is median-filtered (3×3), which removes
speckle and JPEG ringing. Binarising it as well (Otsu, ``RAPORTY_OCR_BINARISE=1``) is off by
default: on the generated noisy 150 dpi dev scans it cost 5 of 141 numbers ("92.201,11" read
"92.201.11"), as tesseract thresholds the grey page itself and keeps the thin commas.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from raporty.settings import settings


def paper_noise(image: Image.Image) -> float:
    """Standard deviation of the paper's grey (pixels lighter than the page's median minus 40)."""
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    if pixels.size == 0:
        return 0.0
    sample = pixels[:: max(1, pixels.shape[0] // 400), :: max(1, pixels.shape[1] // 400)]
    paper = sample[sample > float(np.median(sample)) - 40]
    return float(paper.std()) if paper.size else 0.0


def otsu_threshold(pixels: np.ndarray) -> int:
    """The grey level that best separates ink from paper (Otsu's method over the histogram)."""
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1e-9)
    return int(np.argmax(between))


def binarise(image: Image.Image) -> Image.Image:
    pixels = np.asarray(image.convert("L"))
    threshold = otsu_threshold(pixels)
    return Image.fromarray(np.where(pixels > threshold, 255, 0).astype(np.uint8))


def scale_for(dpi: float | None) -> float:
    """How much to enlarge a page scanned at ``dpi`` (1.0 at or above the minimum, or when unknown)."""
    if not dpi or dpi >= settings.ocr_min_dpi:
        return 1.0
    return settings.ocr_target_dpi / dpi


def prepare(image: Image.Image, dpi: float | None = None) -> tuple[Image.Image, list[str]]:
    """(the page ready for OCR, notes on what was done)."""
    notes: list[str] = []
    grey = image.convert("L")
    scale = scale_for(dpi)
    if scale > 1.0:
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)), Image.Resampling.LANCZOS)
        notes.append(f"enlarged from {dpi:.0f} to {settings.ocr_target_dpi:.0f} dpi")
    if paper_noise(grey) > settings.ocr_noise_sigma:
        grey = grey.filter(ImageFilter.MedianFilter(3))
        notes.append("noise removed")
        if settings.ocr_binarise:
            grey = binarise(grey)
            notes.append("binarised")
    return grey, notes
