"""Claude call per claim, bounded by a semaphore."""
from __future__ import annotations

import asyncio
import logging

import anthropic

from .source import ClaimNote

log = logging.getLogger("digest.summarise")

PROMPT = (
    "Summarise today's handler notes for insurance claim {claim_id} ({lob}) in at most three "
    "sentences for the morning claims huddle. Flag fraud indicators or missing documents.\n\n{notes}"
)


class Summariser:
    def __init__(self, model: str, concurrency: int):
        self.model = model
        self.client = anthropic.AsyncAnthropic(max_retries=4, timeout=120)
        self.sem = asyncio.Semaphore(concurrency)

    async def summarise(self, claim_id: str, notes: list[ClaimNote]) -> dict:
        body = "\n---\n".join(f"[{n.handler}] {n.text}" for n in notes)
        async with self.sem:
            msg = await self.client.messages.create(
                model=self.model,
                max_tokens=400,
                messages=[{"role": "user", "content": PROMPT.format(
                    claim_id=claim_id, lob=notes[0].line_of_business, notes=body)}],
            )
        text = "".join(b.text for b in msg.content if b.type == "text")
        return {"claim_id": claim_id, "summary": text, "notes": len(notes),
                "input_tokens": msg.usage.input_tokens}

    async def close(self) -> None:
        await self.client.close()
