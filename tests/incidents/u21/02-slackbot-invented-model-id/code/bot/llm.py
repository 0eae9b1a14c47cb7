import logging

import anthropic

from . import config

log = logging.getLogger(__name__)

_client = anthropic.Anthropic(max_retries=2, timeout=60.0)


def answer(question: str, history: list[dict]) -> str:
    messages = history + [{"role": "user", "content": question}]
    resp = _client.messages.create(
        model=config.ANTHROPIC_MODEL,
        max_tokens=config.MAX_TOKENS,
        system=config.SYSTEM_PROMPT,
        messages=messages,
    )
    log.info(
        "answered in %d output tokens (stop_reason=%s)",
        resp.usage.output_tokens,
        resp.stop_reason,
    )
    return "".join(block.text for block in resp.content if block.type == "text")
