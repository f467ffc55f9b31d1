"""Tesseract calls: word boxes of one page image, with the page turned upright first.

The tesseract CLI is run with Polish data (``-l pol``) and TSV output (one row per word: text,
confidence, box, block/paragraph/line numbers). Orientation comes from tesseract's OSD
(``--psm 0``); without the ``osd`` data the page is read in the four orientations and the one with
the most confident words is kept. A slightly skewed scan is levelled (projection profile) so that
ruling lines and text lines run straight. A blank page gives no words, which is not an error.
Images over ``settings.max_page_pixels`` are refused with a one-line :class:`ExtractionError`.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

from raporty.extract.base import ExtractionError
from raporty.polish.digit_lookalikes import restore_digits
from raporty.settings import settings

MISSING_TESSERACT = (
    "tesseract with Polish data is needed for scanned pages: run `make system-deps` or "
    "apt-get install tesseract-ocr tesseract-ocr-pol"
)
TESSERACT_TIMEOUT = 300  # seconds per page
LANGUAGE = "pol"
_ENV = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread per call: pages run in parallel instead


@dataclass(frozen=True)
class OcrWord:
    """One word tesseract read, with its box in pixels of the (upright) page image."""

    text: str
    conf: float  # 0–100
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def x0(self) -> float:
        return float(self.left)

    @property
    def x1(self) -> float:
        return float(self.left + self.width)

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def center_x(self) -> float:
        return self.left + self.width / 2

    @property
    def center_y(self) -> float:
        return self.top + self.height / 2


@dataclass
class OcrResult:
    """The words of one page and what was done to read them."""

    words: list[OcrWord]
    image: Image.Image  # the upright grey-scale image the word boxes refer to
    rotation: int = 0  # degrees the page was turned (clockwise) to make it upright
    warnings: list[str] | None = None


@lru_cache(maxsize=1)
def available_languages() -> frozenset[str]:
    """Traineddata names tesseract reports; ExtractionError when tesseract is not installed."""
    if shutil.which("tesseract") is None:
        raise ExtractionError(MISSING_TESSERACT)
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        raise ExtractionError(MISSING_TESSERACT) from None
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip() and " " not in line.strip())


def require_tesseract() -> None:
    """Raise the one-line ExtractionError unless tesseract and its Polish data are installed."""
    if LANGUAGE not in available_languages():
        raise ExtractionError(MISSING_TESSERACT)


def check_image_size(image: Image.Image) -> None:
    pixels = image.width * image.height
    if pixels > settings.max_page_pixels:
        raise ExtractionError(
            f"page image of {image.width}x{image.height} px ({pixels / 1e6:.0f} MP) is over the "
            f"{settings.max_page_pixels // 1_000_000} MP limit for OCR; rescan at a lower resolution"
        )


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _run(image: Image.Image, args: list[str]) -> str:
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", *args],
            input=_png(image),
            capture_output=True,
            timeout=TESSERACT_TIMEOUT,
            env=_ENV,
        )
    except FileNotFoundError:
        raise ExtractionError(MISSING_TESSERACT) from None
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"tesseract took longer than {TESSERACT_TIMEOUT} s on one page") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExtractionError(f"tesseract failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Word rows (level 5, non-empty text) of tesseract's TSV output."""
    words: list[OcrWord] = []
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            words.append(
                OcrWord(
                    text=restore_digits(text),
                    conf=max(0.0, float(row["conf"])),
                    left=int(row["left"]),
                    top=int(row["top"]),
                    width=int(row["width"]),
                    height=int(row["height"]),
                    block=int(row["block_num"]),
                    par=int(row["par_num"]),
                    line=int(row["line_num"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return words


def read_words(image: Image.Image, psm: int = 3) -> list[OcrWord]:
    """Words of an upright page image (Polish model)."""
    require_tesseract()
    check_image_size(image)
    return parse_tsv(_run(image, ["-l", LANGUAGE, "--psm", str(psm), "tsv"]))


#: Below this OSD orientation confidence a turn is checked by reading the page both ways.
OSD_SURE = 5.0


def osd_rotation(image: Image.Image) -> int | None:
    """Clockwise degrees that make the page upright, by tesseract OSD; None when OSD cannot tell.
    A turn OSD is not sure of is kept only if the page reads better that way."""
    if "osd" not in available_languages():
        return None
    try:
        text = _run(image, ["--psm", "0", "-l", "osd"])
    except ExtractionError:
        return None  # too few characters (blank or nearly blank page)
    rotate = confidence = None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Rotate":
            rotate = int(value.strip())
        elif key.strip() == "Orientation confidence":
            confidence = float(value.strip())
    if rotate is None or confidence is None or confidence < 1.0:
        return None
    rotate %= 360
    if rotate and confidence < OSD_SURE:
        return rotation_by_trial(image, (0, rotate))
    return rotate


def _confident_words(words: list[OcrWord]) -> int:
    return sum(1 for w in words if w.conf >= 80 and len(w.text) >= 3)


def rotation_by_trial(image: Image.Image, angles: tuple[int, ...] = (0, 90, 180, 270)) -> int:
    """Read a reduced copy in each orientation and keep the one with the most confident words
    (used without OSD data, and to check a turn OSD is unsure of)."""
    small = image.copy()
    small.thumbnail((1200, 1200))
    scores = {angle: _confident_words(read_words(_turn(small, angle))) for angle in angles}
    return max(scores, key=lambda a: (scores[a], a == 0))


def _turn(image: Image.Image, clockwise: int) -> Image.Image:
    return image.rotate(-clockwise, expand=True) if clockwise else image


def _projection_score(dark: Image.Image, angle: float) -> float:
    """How sharply the rows of ink separate when the page is turned by ``angle`` degrees."""
    rows = np.asarray(
        dark.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32
    ).sum(axis=1)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(image: Image.Image, limit: float = 5.0) -> float:
    """Small rotation (degrees, counter-clockwise) that levels the text lines and rules of a page,
    found by maximising the sharpness of the horizontal projection profile (coarse, then fine)."""
    small = image.convert("L")
    small.thumbnail((900, 900))
    dark = small.point(lambda p: 255 if p < 140 else 0)
    if not np.asarray(dark).any():
        return 0.0
    coarse = max(np.arange(-limit, limit + 0.01, 0.5), key=lambda a: (_projection_score(dark, a), -abs(a)))
    fine = max(
        np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=lambda a: (_projection_score(dark, a), -abs(a))
    )
    return round(float(fine), 1)


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    """The page levelled when it is skewed by at least 0.2°; (image, angle applied)."""
    angle = skew_angle(image)
    if abs(angle) < 0.2:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255), angle


def upright(image: Image.Image) -> tuple[Image.Image, int, list[str]]:
    """(grey-scale upright page, clockwise degrees it was turned, warnings) after a size check."""
    require_tesseract()
    check_image_size(image)
    grey = image.convert("L")
    warnings: list[str] = []
    rotation = osd_rotation(grey)
    if rotation is None and "osd" not in available_languages():
        rotation = rotation_by_trial(grey)
        if rotation:
            warnings.append(
                f"page orientation guessed by trial ({rotation}°): osd traineddata is not installed"
            )
    rotation = rotation or 0
    level, angle = deskew(_turn(grey, rotation))
    if angle:
        warnings.append(f"page deskewed by {angle:+.1f}°")
    return level, rotation, warnings


def ocr_image(image: Image.Image) -> OcrResult:
    """Word boxes of one page: grey-scale, size-checked, turned upright, read in Polish."""
    page, rotation, warnings = upright(image)
    return OcrResult(words=read_words(page), image=page, rotation=rotation, warnings=warnings)
