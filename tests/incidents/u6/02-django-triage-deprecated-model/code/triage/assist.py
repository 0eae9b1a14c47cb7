"""Ticket summarisation and routing with Claude."""
import json
import logging
import time

import anthropic
from django.conf import settings

log = logging.getLogger(__name__)

_client = None

PROMPT = """You triage support tickets for a group of outpatient clinics.
Reply with JSON only: {"summary": "<two sentences>", "queue": one of
["billing", "appointments", "prescriptions", "technical", "other"], "urgent": true|false}

Subject: %s

%s"""


def client():
    global _client
    if _client is None:
        _client = anthropic.Anthropic(
            api_key=settings.ANTHROPIC_API_KEY,
            timeout=settings.CLAUDE_TIMEOUT_SECONDS,
            max_retries=2,
        )
    return _client


def triage(subject, body):
    started = time.perf_counter()
    message = client().messages.create(
        model=settings.CLAUDE_MODEL,
        max_tokens=settings.CLAUDE_MAX_TOKENS,
        messages=[{"role": "user", "content": PROMPT % (subject, body[:6000])}],
    )
    text = "".join(b.text for b in message.content if b.type == "text")
    try:
        result = json.loads(text)
    except ValueError:
        log.warning("triage reply was not JSON", extra={"model": message.model})
        result = {"summary": text[:400], "queue": "other", "urgent": False}
    log.info(
        "ticket triaged",
        extra={
            "model": message.model,
            "queue": result.get("queue"),
            "input_tokens": message.usage.input_tokens,
            "output_tokens": message.usage.output_tokens,
            "duration_ms": round((time.perf_counter() - started) * 1000),
        },
    )
    return result
