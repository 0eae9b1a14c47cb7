"""The RQ job: rasterise every page of a proof PDF and write a manifest."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from rq import get_current_job

from .rasterize import Rasterizer
from .settings import get_settings

log = logging.getLogger("proofsmith.render")

PROGRESS_EVERY = 25


def _workdir(batch_id: str) -> Path:
    d = Path(get_settings().out_dir) / batch_id
    d.mkdir(parents=True, exist_ok=True)
    return d


def _progress(job, done: int, total: int) -> None:
    if job is None:
        return
    job.meta["done_pages"] = done
    job.save_meta()


def render_proof(batch_id: str, source_pdf: str, pages: int) -> dict:
    s = get_settings()
    job = get_current_job()
    out = _workdir(batch_id)
    raster = Rasterizer(s.gs_binary, s.dpi)
    pdf = Path(s.spool_dir) / source_pdf
    started = time.monotonic()
    log.info("batch %s: rendering %d pages from %s at %d dpi", batch_id, pages, pdf.name, s.dpi)
    files = []
    for n in range(1, pages + 1):
        files.append(raster.page(pdf, n, out).name)
        if n % PROGRESS_EVERY == 0:
            _progress(job, n, pages)
            log.info("batch %s: %d/%d pages (%.0fs)", batch_id, n, pages, time.monotonic() - started)
    manifest = {"batch": batch_id, "pages": pages, "files": files, "dpi": s.dpi}
    (out / "manifest.json").write_text(json.dumps(manifest))
    elapsed = time.monotonic() - started
    log.info("batch %s: done, %d pages in %.1fs", batch_id, pages, elapsed)
    return {"batch": batch_id, "pages": pages, "seconds": round(elapsed, 1)}
