"""Nightly export of the previous business day's ledger lines for the finance warehouse."""

from __future__ import annotations

import logging
import sys
import time

from . import __version__
from .config import from_env
from .sink import PartWriter
from .source import count_rows, iter_chunks

log = logging.getLogger("ledger_export")


def run() -> int:
    cfg = from_env()
    total = count_rows(cfg.source_url, cfg.business_date)
    log.info("ledger-export %s: %d rows for %s", __version__, total, cfg.business_date)
    writer = PartWriter(cfg.bucket, f"{cfg.prefix}/{cfg.business_date:%Y/%m/%d}")
    started = time.monotonic()
    done = 0
    next_report = cfg.progress_every
    for rows in iter_chunks(cfg.source_url, cfg.business_date, cfg.chunk_rows):
        writer.write(rows)
        done += len(rows)
        if done >= next_report:
            elapsed = time.monotonic() - started
            log.info("exported %d/%d rows (%.1f%%) elapsed=%ds", done, total, 100 * done / total, elapsed)
            next_report += cfg.progress_every
    log.info("export complete: %d rows in %d parts, %.0fs", done, writer.parts, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(levelname)s %(name)s: %(message)s")
    sys.exit(run())
