"""OCR jobs run by the rq workers (SimpleWorker: tesseract data stays loaded between jobs)."""

import io
import logging
import time

import pytesseract
from PIL import Image, ImageSequence

from scanhouse import config, storage

log = logging.getLogger(__name__)


def _pages(data: bytes) -> list[Image.Image]:
    img = Image.open(io.BytesIO(data))
    # decode every frame up front so a corrupt page fails before we spend OCR time
    return [frame.convert("RGB").copy() for frame in ImageSequence.Iterator(img)]


def extract_document(doc_id: str, object_name: str) -> dict:
    started = time.monotonic()
    data = storage.read_bytes(config.SCAN_BUCKET, object_name)
    pages = _pages(data)
    texts = [pytesseract.image_to_string(p, lang=config.OCR_LANG) for p in pages]
    storage.write_text(config.RESULT_BUCKET, f"{doc_id}.txt", "\f".join(texts))
    took = time.monotonic() - started
    log.info("doc %s: %d pages in %.1fs", doc_id, len(pages), took)
    return {"doc_id": doc_id, "pages": len(pages), "seconds": round(took, 1)}
