import logging
import time

from anthropic import AsyncAnthropic
from fastapi import FastAPI, Request
from pydantic import BaseModel

from .logging_setup import configure
from .settings import get_settings

configure()
log = logging.getLogger("triage")
settings = get_settings()
client = AsyncAnthropic(timeout=settings.request_timeout_s, max_retries=3)
app = FastAPI(title="ticket-triage")

PROMPT = """Classify this support ticket. Reply with JSON: {{"queue": "billing|tech|account|other",
"priority": "p1|p2|p3", "summary": "<one sentence>"}}.

Ticket:
{body}"""


class Ticket(BaseModel):
    ticket_id: str
    subject: str
    body: str


@app.middleware("http")
async def access_log(request: Request, call_next):
    t0 = time.perf_counter()
    response = await call_next(request)
    log.info("%s %s", request.method, request.url.path,
             extra={"path": request.url.path, "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - t0) * 1000, 1)})
    return response


@app.post("/v1/triage")
async def triage(ticket: Ticket):
    t0 = time.perf_counter()
    msg = await client.messages.create(
        model=settings.anthropic_model,
        max_tokens=settings.max_tokens,
        messages=[{"role": "user", "content": PROMPT.format(body=f"{ticket.subject}\n\n{ticket.body}")}],
    )
    log.info("triaged ticket", extra={"ticket_id": ticket.ticket_id, "model": msg.model,
                                      "input_tokens": msg.usage.input_tokens, "output_tokens": msg.usage.output_tokens,
                                      "duration_ms": round((time.perf_counter() - t0) * 1000, 1)})
    return {"ticket_id": ticket.ticket_id, "result": msg.content[0].text}


@app.get("/healthz")
async def healthz():
    return {"ok": True}
