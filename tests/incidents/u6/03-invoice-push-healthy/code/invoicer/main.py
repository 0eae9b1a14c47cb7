import logging
import time
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Response

from . import logs
from .config import config
from .envelope import PushEnvelope
from .render import RetryLater, build_invoice

logs.setup()
log = logging.getLogger("invoicer")


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient(timeout=config.http_timeout)
    yield
    await app.state.http.aclose()


app = FastAPI(lifespan=lifespan)


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.post("/pubsub/order-events", status_code=204)
async def order_event(envelope: PushEnvelope):
    started = time.perf_counter()
    event = envelope.payload()
    msg = envelope.message
    fields = {
        "message_id": msg.messageId,
        "event_type": msg.attributes.get("event_type"),
        "order_id": event.get("order_id"),
        "delivery_attempt": envelope.deliveryAttempt or 1,
    }
    if msg.attributes.get("event_type") != "order.completed":
        log.info("ignored event", extra={"fields": fields})
        return Response(status_code=204)
    try:
        result = await build_invoice(app.state.http, event["order_id"])
    except RetryLater as exc:
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000)
        log.warning("invoice deferred: %s", exc, extra={"fields": fields})
        return Response(status_code=503)
    fields.update(result, duration_ms=round((time.perf_counter() - started) * 1000))
    log.info("invoice stored", extra={"fields": fields})
    return Response(status_code=204)
