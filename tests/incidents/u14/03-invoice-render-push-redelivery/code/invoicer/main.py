import base64
import json
import logging
import time

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel

from . import __version__, delivery, orders, render

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("invoicer")

app = FastAPI(title="invoicer", version=__version__)


class PushMessage(BaseModel):
    data: str = ""
    messageId: str = "?"
    publishTime: str | None = None
    attributes: dict[str, str] = {}


class PushEnvelope(BaseModel):
    message: PushMessage
    subscription: str
    deliveryAttempt: int | None = None


@app.get("/")
def root() -> dict:
    return {"service": "invoicer", "version": __version__}


@app.post("/push/orders-confirmed", status_code=204)
def orders_confirmed(envelope: PushEnvelope) -> Response:
    message_id = envelope.message.messageId
    try:
        event = json.loads(base64.b64decode(envelope.message.data))
    except ValueError as exc:
        log.warning("unreadable push message %s: %s", message_id, exc)
        return Response(status_code=204)

    order_number = event["order_number"]
    attempt = envelope.deliveryAttempt
    log.info("message %s: invoicing order %s (delivery attempt %s)", message_id, order_number, attempt)
    started = time.monotonic()
    try:
        order = orders.fetch(order_number)
        pdf = render.invoice_pdf(order)
        where = delivery.store(order, pdf)
        delivery.email(order, pdf)
    except Exception as exc:
        log.exception("message %s: invoice for %s failed", message_id, order_number)
        raise HTTPException(status_code=500, detail="invoice failed") from exc
    log.info(
        "message %s: order %s invoiced in %.1fs (%d lines, %d bytes) -> %s, emailed %s",
        message_id,
        order_number,
        time.monotonic() - started,
        len(order.lines),
        len(pdf),
        where,
        order.customer_email,
    )
    return Response(status_code=204)
