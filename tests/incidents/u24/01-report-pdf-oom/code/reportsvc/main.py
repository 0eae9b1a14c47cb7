import base64
import datetime as dt
import json
import logging
import time

from fastapi import FastAPI, HTTPException, Request, Response
from pydantic import BaseModel

from . import __version__
from .data import fetch_line_items, mark_delivered
from .logconf import setup_logging
from .render import render_statement
from .storage import notify_ready, upload_pdf

setup_logging()
log = logging.getLogger("reportsvc")

app = FastAPI(title="reportsvc", version=__version__)


class PushMessage(BaseModel):
    data: str = ""
    attributes: dict[str, str] = {}
    messageId: str
    publishTime: str


class PushEnvelope(BaseModel):
    message: PushMessage
    subscription: str
    deliveryAttempt: int | None = None


class ReportRequest(BaseModel):
    report_id: str
    account_id: str
    account_name: str
    period_start: dt.date
    period_end: dt.date


@app.get("/healthz")
def healthz():
    return {"ok": True, "version": __version__}


@app.post("/pubsub/push", status_code=204)
def handle_push(envelope: PushEnvelope, request: Request):
    try:
        req = ReportRequest(**json.loads(base64.b64decode(envelope.message.data)))
    except Exception:
        log.exception("bad message %s", envelope.message.messageId)
        return Response(status_code=204)

    fields = {
        "report_id": req.report_id,
        "account_id": req.account_id,
        "message_id": envelope.message.messageId,
        "delivery_attempt": envelope.deliveryAttempt,
    }
    started = time.monotonic()
    log.info("rendering report %s for %s", req.report_id, req.account_id, extra={"fields": fields})

    items = fetch_line_items(req.account_id, req.period_start, req.period_end)
    log.info("fetched %d line items", len(items), extra={"fields": {**fields, "rows": len(items)}})

    period = f"{req.period_start:%Y-%m-%d} to {req.period_end:%Y-%m-%d}"
    pdf = render_statement(req.account_name, period, items)

    path = f"statements/{req.period_start:%Y/%m}/{req.account_id}/{req.report_id}.pdf"
    uri = upload_pdf(path, pdf)
    log.info("uploaded %s", uri, extra={"fields": {**fields, "bytes": len(pdf)}})
    notify_ready(req.account_id, uri)
    mark_delivered(req.report_id, uri)

    log.info(
        "report %s done",
        req.report_id,
        extra={"fields": {**fields, "bytes": len(pdf), "seconds": round(time.monotonic() - started, 2), "uri": uri}},
    )
    return Response(status_code=204)
