import json
import logging
import sys
from contextlib import asynccontextmanager

import anthropic
from anthropic import AsyncAnthropic
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from . import config
from .summarize import summarize_ticket


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"severity": record.levelname, "message": record.getMessage(), "logger": record.name}
        if record.exc_info:
            entry["message"] += "\n" + self.formatException(record.exc_info)
        for key in ("ticket_id", "model"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        return json.dumps(entry)


handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(JsonFormatter())
logging.basicConfig(level=logging.INFO, handlers=[handler])
log = logging.getLogger("ticket_summary")


class Message(BaseModel):
    author: str
    body: str


class Ticket(BaseModel):
    id: str
    subject: str
    messages: list[Message]


@asynccontextmanager
async def lifespan(app: FastAPI):
    settings = config.load()
    app.state.settings = settings
    app.state.client = AsyncAnthropic(api_key=settings.api_key, max_retries=2, timeout=60)
    log.info("ticket-summary ready, model=%s", settings.model)
    yield
    await app.state.client.close()


app = FastAPI(lifespan=lifespan)


@app.post("/v1/summaries")
async def create_summary(ticket: Ticket):
    s = app.state.settings
    try:
        text = await summarize_ticket(app.state.client, s.model, s.max_tokens, ticket.model_dump())
    except anthropic.APIStatusError:
        log.exception("summary failed for ticket %s", ticket.id, extra={"ticket_id": ticket.id, "model": s.model})
        raise HTTPException(status_code=502, detail="summariser unavailable")
    return {"ticket_id": ticket.id, "summary": text}


@app.get("/healthz")
async def healthz():
    return {"ok": True}
