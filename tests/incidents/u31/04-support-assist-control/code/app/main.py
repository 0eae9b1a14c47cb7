import logging
import time
import uuid

import anthropic
from fastapi import BackgroundTasks, Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel, Field

from . import audit
from .config import settings
from .logs import setup

setup(settings.log_level)
log = logging.getLogger("app.main")

app = FastAPI(title="support-assist")
claude = anthropic.AsyncAnthropic(timeout=settings.anthropic_timeout)

SYSTEM = (
    "You draft replies for Northwind support agents. Be concise, friendly and specific. "
    "Never promise refunds or dates; suggest the agent confirms those. Reply in the customer's language."
)


class DraftRequest(BaseModel):
    ticket_id: str = Field(min_length=1, max_length=64)
    customer_message: str = Field(min_length=1, max_length=20000)
    history: list[str] = Field(default_factory=list, max_length=30)
    tone: str = "neutral"


class DraftResponse(BaseModel):
    request_id: str
    draft: str
    model: str


def caller_from_key(x_api_key: str | None = Header(default=None)) -> str:
    keys = {k.split(":", 1)[0]: k.split(":", 1)[1] for k in settings.api_keys.split(",") if ":" in k}
    for name, key in keys.items():
        if x_api_key and x_api_key == key:
            return name
    raise HTTPException(status_code=401, detail="missing or invalid API key")


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.post("/v1/draft-reply", response_model=DraftResponse)
async def draft_reply(body: DraftRequest, background: BackgroundTasks, caller: str = Depends(caller_from_key)):
    request_id = uuid.uuid4().hex
    t0 = time.monotonic()
    history = "\n\n".join(body.history[-10:])
    prompt = f"Tone: {body.tone}\n\nEarlier messages:\n{history or '(none)'}\n\nCustomer:\n{body.customer_message}"
    try:
        msg = await claude.messages.create(
            model=settings.model,
            max_tokens=settings.max_tokens,
            system=SYSTEM,
            messages=[{"role": "user", "content": prompt}],
        )
    except anthropic.APIStatusError as e:
        log.warning("model call failed: %s", e.status_code, extra={"ticket_id": body.ticket_id, "request_id": request_id})
        raise HTTPException(status_code=502, detail="model call failed")
    draft = "".join(b.text for b in msg.content if b.type == "text")
    ms = int((time.monotonic() - t0) * 1000)
    log.info("draft generated", extra={"ticket_id": body.ticket_id, "request_id": request_id, "caller": caller,
                                       "input_tokens": msg.usage.input_tokens, "output_tokens": msg.usage.output_tokens,
                                       "ms": ms})
    background.add_task(
        audit.write_draft_audit, request_id, caller, body.ticket_id, msg.model,
        msg.usage.input_tokens, msg.usage.output_tokens, len(prompt),
    )
    return DraftResponse(request_id=request_id, draft=draft, model=msg.model)
