"""Thin wrapper around the Anthropic Messages API."""

from __future__ import annotations

import logging

import anthropic

from .prompts import SYSTEM
from .settings import settings

log = logging.getLogger("summarizer.llm")

_client = anthropic.AsyncAnthropic(timeout=settings.request_timeout, max_retries=2)


class SummaryUnavailable(Exception):
    pass


async def summarise(thread_text: str, ticket_id: str) -> str:
    try:
        msg = await _client.messages.create(
            model=settings.model,
            max_tokens=settings.max_tokens,
            system=SYSTEM,
            messages=[{"role": "user", "content": thread_text}],
        )
    except anthropic.APIStatusError as exc:
        log.error(
            "anthropic call failed",
            exc_info=True,
            extra={
                "ticket_id": ticket_id,
                "model": settings.model,
                "status_code": exc.status_code,
                "request_id": exc.request_id,
            },
        )
        raise SummaryUnavailable(str(exc)) from exc
    return "".join(block.text for block in msg.content if block.type == "text")
