"""Jobs executed by the rq workers (queue `ocr`)."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from . import config
from .ocr import ocr_pdf
from .summarise import docket_note

log = logging.getLogger(__name__)


def process_batch(batch_id: str) -> dict:
    """OCR every PDF of an uploaded batch and write one docket note per batch."""
    batch_dir = Path(config.INBOX_DIR) / batch_id
    out_dir = Path(config.OUTPUT_DIR) / batch_id
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    pages: list[str] = []
    pdfs = sorted(batch_dir.glob("*.pdf"))
    for pdf in pdfs:
        doc_pages = ocr_pdf(pdf)
        (out_dir / f"{pdf.stem}.txt").write_text("\f".join(doc_pages))
        pages.extend(doc_pages)
        log.info("batch %s: %s -> %d pages", batch_id, pdf.name, len(doc_pages))
    note = docket_note(pages)
    (out_dir / "docket-note.md").write_text(note)
    result = {
        "batch": batch_id,
        "documents": len(pdfs),
        "pages": len(pages),
        "seconds": round(time.monotonic() - started, 1),
    }
    (out_dir / "result.json").write_text(json.dumps(result))
    return result
