import logging
from functools import lru_cache

import anthropic
from django.conf import settings

log = logging.getLogger(__name__)

PROMPT = """Write a product description (80-120 words, plain text, no headings) for an
outdoor-gear shop. Product: {title}. Attributes: {attributes}."""


@lru_cache
def _client() -> anthropic.Anthropic:
    return anthropic.Anthropic(timeout=30, max_retries=2)


def draft_description(title: str, attributes: dict) -> str:
    msg = _client().messages.create(
        model=settings.ANTHROPIC_MODEL,
        max_tokens=settings.COPY_MAX_TOKENS,
        messages=[{"role": "user", "content": PROMPT.format(title=title, attributes=attributes)}],
    )
    log.info(
        "description drafted",
        extra={"model": msg.model, "input_tokens": msg.usage.input_tokens, "output_tokens": msg.usage.output_tokens},
    )
    return msg.content[0].text
