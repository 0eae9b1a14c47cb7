"""Page rasterising and OCR via the poppler and tesseract command-line tools."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from . import config


def rasterise(pdf: Path, workdir: Path) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(workdir / "page")],
        check=True,
        capture_output=True,
    )
    return sorted(workdir.glob("page-*.png"))


def ocr_image(image: Path) -> str:
    proc = subprocess.run(
        [config.TESSERACT, str(image), "stdout", "-l", config.OCR_LANG, "--psm", "1"],
        check=True,
        capture_output=True,
        text=True,
    )
    return proc.stdout


def ocr_pdf(pdf: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        pages = rasterise(pdf, Path(tmp))
        return [ocr_image(p) for p in pages]
