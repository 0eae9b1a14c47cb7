"""Building one report: figures -> narrative -> PDF -> bucket."""

from __future__ import annotations

import logging
import time
from typing import Any

from . import ledger, pdf, store, summarize

log = logging.getLogger("report_builder.jobs")


def build_report(report_id: str, account_id: str, account_name: str, month: str,
                 entries: list[dict[str, Any]]) -> None:
    started = time.monotonic()
    extra = {"report_id": report_id, "account_id": account_id}
    log.info("report %s started (%d ledger entries)", report_id, len(entries), extra=extra)
    try:
        store.write_status(report_id, "running")
        figures = ledger.monthly_figures(entries)
        text = summarize.narrative(account_name, month, figures)
        document = pdf.render(f"{account_name} - {month}", text)
        uri = store.upload_pdf(report_id, account_id, document)
        store.write_status(report_id, "done", uri=uri)
    except Exception:
        log.exception("report %s failed", report_id, extra=extra)
        store.write_status(report_id, "failed")
        raise
    log.info("report %s finished in %.1fs -> %s", report_id, time.monotonic() - started, uri,
             extra=extra)
