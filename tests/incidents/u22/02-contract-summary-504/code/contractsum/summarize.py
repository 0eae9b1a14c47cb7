import logging
import time

import anthropic

from . import config, prompts

log = logging.getLogger(__name__)

client = anthropic.Anthropic(max_retries=2)


def summarize(title: str, text: str) -> dict:
    started = time.monotonic()
    message = client.messages.create(
        model=config.MODEL,
        max_tokens=config.MAX_TOKENS,
        system=prompts.SYSTEM,
        messages=[{"role": "user", "content": prompts.user_message(title, text)}],
    )
    elapsed = time.monotonic() - started
    summary = "".join(block.text for block in message.content if block.type == "text")
    log.info(
        "summary generated title=%r chars=%d input_tokens=%d output_tokens=%d elapsed=%.1fs",
        title, len(text), message.usage.input_tokens, message.usage.output_tokens, elapsed,
    )
    return {
        "summary": summary,
        "model": message.model,
        "usage": {"input_tokens": message.usage.input_tokens, "output_tokens": message.usage.output_tokens},
    }
