import io
import logging

import fitz  # PyMuPDF
from PIL import Image

log = logging.getLogger(__name__)


def render_pages(pdf_bytes: bytes, width: int, max_pages: int):
    """Yield (page_number, webp_bytes) for each page, 1-based."""
    with fitz.open(stream=pdf_bytes, filetype="pdf") as doc:
        for index, page in enumerate(doc):
            if index >= max_pages:
                log.warning("page limit reached (%d), skipping the rest", max_pages)
                break
            zoom = width / page.rect.width
            pix = page.get_pixmap(matrix=fitz.Matrix(zoom, zoom), alpha=False)
            img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            out = io.BytesIO()
            img.save(out, format="WEBP", quality=70, method=4)
            yield index + 1, out.getvalue()


def page_count(pdf_bytes: bytes) -> int:
    with fitz.open(stream=pdf_bytes, filetype="pdf") as doc:
        return doc.page_count
