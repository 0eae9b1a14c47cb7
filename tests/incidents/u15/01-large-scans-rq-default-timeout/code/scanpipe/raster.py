from pathlib import Path
from typing import Iterator

from pdf2image import convert_from_path, pdfinfo_from_path
from PIL import Image


def page_count(src: Path) -> int:
    if src.suffix.lower() in (".tif", ".tiff"):
        with Image.open(src) as im:
            return getattr(im, "n_frames", 1)
    return int(pdfinfo_from_path(str(src))["Pages"])


def iter_pages(src: Path, dpi: int) -> Iterator[Image.Image]:
    """Yield pages one at a time so a 300-page PDF doesn't sit in memory at once."""
    if src.suffix.lower() in (".tif", ".tiff"):
        with Image.open(src) as im:
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                yield im.copy()
        return
    total = page_count(src)
    for n in range(1, total + 1):
        (page,) = convert_from_path(str(src), dpi=dpi, first_page=n, last_page=n)
        yield page
