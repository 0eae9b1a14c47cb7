"""Narrative section of the monthly report, written by Claude."""

from __future__ import annotations

import json
from typing import Any

import anthropic

from .settings import settings

_client = anthropic.Anthropic(max_retries=4, timeout=300.0)

SYSTEM = (
    "You write the narrative section of a small-business monthly finance report. "
    "Be factual, use the figures given, no more than 600 words, plain text."
)


def narrative(account_name: str, month: str, figures: dict[str, Any]) -> str:
    message = _client.messages.create(
        model=settings.summary_model,
        max_tokens=settings.max_tokens,
        system=SYSTEM,
        messages=[
            {
                "role": "user",
                "content": (
                    f"Account: {account_name}\nMonth: {month}\n"
                    f"Figures (JSON):\n{json.dumps(figures, indent=2)}"
                ),
            }
        ],
    )
    return "".join(block.text for block in message.content if block.type == "text")
