from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone

from fastapi import BackgroundTasks, FastAPI, HTTPException, status

from . import logs
from .blobs import make_blobs
from .config import settings
from .models import Quote, QuoteRequest, QuoteStatus
from .pricing import PricingClient
from .render import render_quote_pdf
from .store import make_store
from .worker import generate_quote

logs.configure(settings.log_level)
log = logging.getLogger("quotedesk.api")

app = FastAPI(title="quotedesk", version="1.7.2")
store = make_store(settings.store_backend)
blobs = make_blobs(settings.blob_backend, settings.bucket, settings.local_blob_dir)
pricing = PricingClient(settings.pricing_url, settings.pricing_timeout)


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.post("/quotes", status_code=status.HTTP_202_ACCEPTED)
def create_quote(req: QuoteRequest, background_tasks: BackgroundTasks) -> Quote:
    now = datetime.now(timezone.utc)
    quote = Quote(
        id="q_" + uuid.uuid4().hex[:12],
        account_id=req.account_id,
        status=QuoteStatus.pending,
        created_at=now,
        updated_at=now,
    )
    store.create(quote)
    background_tasks.add_task(generate_quote, quote.id, req, store, pricing, blobs, render_quote_pdf)
    log.info("quote accepted", extra={"quote_id": quote.id, "account_id": req.account_id})
    return quote


@app.get("/quotes/{quote_id}")
def get_quote(quote_id: str) -> Quote:
    quote = store.get(quote_id)
    if quote is None:
        raise HTTPException(status_code=404, detail="quote not found")
    return quote
