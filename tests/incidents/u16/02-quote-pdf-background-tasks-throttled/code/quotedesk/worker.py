from __future__ import annotations

import logging
import time

from .models import QuoteRequest, QuoteStatus

log = logging.getLogger("quotedesk.worker")


def generate_quote(quote_id: str, req: QuoteRequest, store, pricing, blobs, render) -> None:
    started = time.monotonic()
    extra = {"quote_id": quote_id, "account_id": req.account_id}
    log.info("generating quote", extra=extra)
    try:
        priced = pricing.price(req.account_id, req.items)
        log.info("pricing received for %d lines", len(priced["lines"]), extra=extra)
        pdf, pages = render(quote_id, req, priced)
        log.info("rendered quote pdf", extra={**extra, "pages": pages, "bytes": len(pdf)})
        url = blobs.put_pdf(f"{req.account_id}/{quote_id}.pdf", pdf)
        store.update(quote_id, status=QuoteStatus.ready, pdf_url=url, total_cents=priced["total_cents"])
    except Exception as exc:
        log.exception("quote generation failed", extra=extra)
        store.update(quote_id, status=QuoteStatus.failed, error=str(exc)[:500])
        return
    log.info("quote ready", extra={**extra, "elapsed_ms": int((time.monotonic() - started) * 1000)})
