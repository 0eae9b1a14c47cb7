"""Thin wrapper around the Anthropic client used by the copy-edit jobs."""
from __future__ import annotations

import json
import logging

import anthropic

from .settings import get_settings

log = logging.getLogger("proofdesk.llm")

SYSTEM = (
    "You are a senior copy editor at Halvard Press. Follow the house style sheet. "
    "Return JSON: a list of objects {\"quote\", \"suggestion\", \"reason\"}. "
    "Only flag real issues: spelling, consistency of names and dates, grammar."
)

_client: anthropic.Anthropic | None = None


def client() -> anthropic.Anthropic:
    global _client
    if _client is None:
        # max_retries covers 429/5xx; 4xx request errors are raised to the job.
        _client = anthropic.Anthropic(max_retries=3, timeout=600)
    return _client


def suggest_edits(style_sheet: str, context: str, chapter_title: str, chapter_text: str) -> list[dict]:
    cfg = get_settings()
    prompt = (
        f"<style_sheet>\n{style_sheet}\n</style_sheet>\n"
        f"<book_context>\n{context}\n</book_context>\n"
        f"<target_chapter title=\"{chapter_title}\">\n{chapter_text}\n</target_chapter>"
    )
    msg = client().messages.create(
        model=cfg.model,
        max_tokens=cfg.max_tokens,
        system=SYSTEM,
        messages=[{"role": "user", "content": prompt}],
    )
    text = "".join(block.text for block in msg.content if block.type == "text")
    log.info("model=%s input_tokens=%s output_tokens=%s", msg.model, msg.usage.input_tokens, msg.usage.output_tokens)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [{"quote": "", "suggestion": text.strip(), "reason": "free text"}]
    return data if isinstance(data, list) else [data]
