import json
import logging
import time
from pathlib import Path

from . import config, ocr, raster

log = logging.getLogger(__name__)


def process_scan(scan_id: str, src: str) -> dict:
    """Rasterise every page of an uploaded scan to PNG and OCR it.

    Output: OUTPUT_ROOT/<scan_id>/page-0001.png ... and text.json
    """
    started = time.monotonic()
    src_path = Path(src)
    out_dir = config.OUTPUT_ROOT / scan_id
    out_dir.mkdir(parents=True, exist_ok=True)

    texts = []
    for n, page in enumerate(raster.iter_pages(src_path, config.RASTER_DPI), start=1):
        page.save(out_dir / f"page-{n:04d}.png", optimize=False)
        texts.append({"page": n, "text": ocr.page_text(page)})
        page.close()

    (out_dir / "text.json").write_text(json.dumps(texts))
    elapsed = time.monotonic() - started
    log.info("scan %s: %d pages in %.1fs", scan_id, len(texts), elapsed)
    return {"scan_id": scan_id, "pages": len(texts), "seconds": round(elapsed, 1)}
