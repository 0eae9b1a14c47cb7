"""Chat endpoint: builds the prompt and calls the model."""

import anthropic

from app.core.config import ANTHROPIC_API_KEY

client = anthropic.Anthropic(api_key=ANTHROPIC_API_KEY)


def build_prompt(system_prompt: str, messages: list[dict]) -> dict:
    return {
        "system": system_prompt,
        "messages": messages,
        "model": "claude-3-5-sonnet-20241022",
        "max_tokens": 1024,
    }


def chat(system_prompt: str, messages: list[dict]) -> str:
    reply = client.messages.create(**build_prompt(system_prompt, messages))
    return reply.content[0].text
