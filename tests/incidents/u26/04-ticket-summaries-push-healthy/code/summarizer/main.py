import base64
import binascii
import json
import logging
import time

import anthropic
from fastapi import FastAPI, Response
from pydantic import BaseModel

from summarizer import llm, store
from summarizer.config import get_settings
from summarizer.logging_setup import configure

configure(get_settings().log_level)
log = logging.getLogger("summarizer")

app = FastAPI(title="ticket-summarizer")


class PubSubMessage(BaseModel):
    data: str = ""
    messageId: str
    publishTime: str | None = None
    attributes: dict[str, str] = {}


class PushEnvelope(BaseModel):
    message: PubSubMessage
    subscription: str
    deliveryAttempt: int | None = None


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.post("/pubsub/ticket-updated")
async def ticket_updated(envelope: PushEnvelope):
    msg = envelope.message
    extra = {"message_id": msg.messageId, "delivery_attempt": envelope.deliveryAttempt}
    try:
        ticket = json.loads(base64.b64decode(msg.data))
    except (binascii.Error, ValueError):
        log.error("undecodable message, acking to drop it", extra=extra)
        return Response(status_code=204)

    extra["ticket_id"] = ticket["ticket_id"]
    started = time.monotonic()
    try:
        reply = await llm.summarise(ticket["subject"], ticket["body"])
    except anthropic.RateLimitError:
        log.warning("rate limited after retries, nacking for redelivery", extra=extra)
        return Response(status_code=429)
    except anthropic.APIStatusError as exc:
        log.error("anthropic error %s, nacking", exc.status_code, extra=extra)
        return Response(status_code=503)

    summary = "".join(block.text for block in reply.content if block.type == "text")
    await store.save_summary(ticket["ticket_id"], summary, reply.model, msg.messageId)
    log.info(
        "summary stored",
        extra={
            **extra,
            "model": reply.model,
            "duration_ms": int((time.monotonic() - started) * 1000),
            "input_tokens": reply.usage.input_tokens,
            "output_tokens": reply.usage.output_tokens,
        },
    )
    return Response(status_code=204)
