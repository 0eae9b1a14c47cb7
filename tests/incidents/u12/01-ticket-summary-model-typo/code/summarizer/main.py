from __future__ import annotations

import logging
import time

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from . import __version__, logsetup
from .llm import SummaryUnavailable, summarise
from .prompts import render_thread
from .settings import settings

logsetup.configure(settings.log_level)
log = logging.getLogger("summarizer")

app = FastAPI(title="ticket-summarizer", version=__version__)


class Message(BaseModel):
    body: str
    from_customer: bool = True


class SummaryRequest(BaseModel):
    ticket_id: str
    subject: str = ""
    messages: list[Message] = Field(min_length=1)


class SummaryResponse(BaseModel):
    ticket_id: str
    summary: str
    model: str


@app.on_event("startup")
async def announce() -> None:
    log.info("ticket-summarizer %s starting, model=%s", __version__, settings.model)


@app.get("/healthz")
async def healthz() -> dict:
    return {"ok": True, "version": __version__}


@app.post("/v1/summaries", response_model=SummaryResponse)
async def create_summary(req: SummaryRequest) -> SummaryResponse:
    started = time.monotonic()
    text = render_thread(req.subject, [m.model_dump() for m in req.messages])
    try:
        summary = await summarise(text, req.ticket_id)
    except SummaryUnavailable:
        raise HTTPException(status_code=502, detail="summary backend unavailable")
    log.info(
        "summary ready",
        extra={
            "ticket_id": req.ticket_id,
            "duration_ms": int((time.monotonic() - started) * 1000),
        },
    )
    return SummaryResponse(ticket_id=req.ticket_id, summary=summary, model=settings.model)
