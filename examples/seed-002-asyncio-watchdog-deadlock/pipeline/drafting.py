"""Turns one idea into a draft with the model."""

import os

from anthropic import AsyncAnthropic

MODEL = os.environ.get("DRAFT_MODEL", "claude-sonnet-4-5")

client = AsyncAnthropic()


async def write_draft(idea):
    message = await client.messages.create(
        model=MODEL,
        max_tokens=4096,
        messages=[{"role": "user", "content": f"Write a first draft for: {idea['title']}"}],
    )
    return message.content[0].text
