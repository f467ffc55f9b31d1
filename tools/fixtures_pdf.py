"""PDF fixtures: LibreOffice conversion, image-only (scanned) PDFs and mixed PDFs."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import img2pdf
from PIL import Image

SCAN_DPI = 150
SCAN_JPEG_QUALITY = 75


def docx_to_pdf(source: Path, target: Path) -> None:
    """Convert ``source`` with headless LibreOffice (private profile, so parallel runs work)."""
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        profile = (scratch_dir / "profile").as_uri()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(scratch_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        produced = scratch_dir / f"{source.stem}.pdf"
        if not produced.exists():
            raise RuntimeError(f"LibreOffice produced no PDF for {source}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(produced, target)


def rasterise_pages(source: Path, first: int, last: int, directory: Path) -> list[Path]:
    """Grey-scale JPEG images (as a scanner produces) of pages ``first``–``last`` at :data:`SCAN_DPI`."""
    prefix = directory / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(SCAN_DPI),
            "-gray",
            "-png",
            "-f",
            str(first),
            "-l",
            str(last),
            str(source),
            str(prefix),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    images = []
    for png in sorted(directory.glob("page-*.png")):
        jpeg = png.with_suffix(".jpg")
        with Image.open(png) as image:
            image.convert("L").save(jpeg, quality=SCAN_JPEG_QUALITY, dpi=(SCAN_DPI, SCAN_DPI))
        images.append(jpeg)
    return images


def images_to_pdf(images: list[Path], target: Path) -> None:
    """Image-only PDF, one page per image, page size from :data:`SCAN_DPI`; no date stamp and
    a content-derived file ID, so equal images give equal bytes."""
    layout = img2pdf.get_fixed_dpi_layout_fun((SCAN_DPI, SCAN_DPI))
    data = img2pdf.convert(
        [str(image) for image in images], layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def make_scanned_pdf(source: Path, target: Path, first: int, last: int) -> None:
    """An image-only copy of pages ``first``–``last`` of ``source`` (no text layer)."""
    with tempfile.TemporaryDirectory() as scratch:
        images = rasterise_pages(source, first, last, Path(scratch))
        images_to_pdf(images, target)


def make_mixed_pdf(source: Path, target: Path, text_pages: int) -> None:
    """Pages 1–``text_pages`` of ``source`` with their text layer, then the next page as an
    image only (a document where one page was scanned in)."""
    image_page = text_pages + 1
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        images = rasterise_pages(source, image_page, image_page, scratch_dir)
        image_pdf = scratch_dir / "image.pdf"
        images_to_pdf(images, image_pdf)
        subprocess.run(
            [
                "qpdf",
                "--empty",
                "--deterministic-id",
                "--pages",
                str(source),
                f"1-{text_pages}",
                str(image_pdf),
                "1",
                "--",
                str(target),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
