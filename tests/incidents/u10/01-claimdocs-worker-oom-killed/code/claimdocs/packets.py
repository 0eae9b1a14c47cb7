"""The job the web app enqueues: build one claim's PDF packet."""

from __future__ import annotations

import io
import logging
import time

from PIL import Image

from claimdocs import settings, storage

log = logging.getLogger(__name__)

A4_AT_300 = (2480, 3508)


def _normalise(img: Image.Image) -> Image.Image:
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    # Scans arrive in every size phones can make; fit them to A4 at the render dpi.
    scale = settings.RENDER_DPI / 300
    target = (int(A4_AT_300[0] * scale), int(A4_AT_300[1] * scale))
    img.thumbnail(target)
    page = Image.new(img.mode, target, "white")
    page.paste(img, ((target[0] - img.width) // 2, (target[1] - img.height) // 2))
    return page


def build_packet(claim_id: str, requested_by: str = "") -> dict:
    started = time.monotonic()
    pages = []
    for uri, raw in storage.iter_scan_bytes(claim_id):
        with Image.open(io.BytesIO(raw)) as img:
            img.load()
            pages.append(_normalise(img))
    if not pages:
        raise ValueError(f"claim {claim_id} has no scans")

    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=settings.RENDER_DPI)
    where = storage.write_packet(claim_id, buf.getvalue())
    took = time.monotonic() - started
    log.info("packet %s: %d pages -> %s in %.1fs", claim_id, len(pages), where, took)
    return {"claim_id": claim_id, "pages": len(pages), "uri": where, "seconds": round(took, 1)}
