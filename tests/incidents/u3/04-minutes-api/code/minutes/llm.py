"""Thin wrapper around the Anthropic API used for meeting summaries."""
import logging

import anthropic

from minutes import config

log = logging.getLogger(__name__)

_client = anthropic.Anthropic(max_retries=3, timeout=120)

_SYSTEM = (
    "You write meeting minutes. Produce: a 3-sentence summary, a list of decisions, "
    "and a list of action items with owners. Use the transcript's language."
)


def summarise_transcript(transcript: str, title: str) -> str:
    message = _client.messages.create(
        model=config.SUMMARY_MODEL,
        max_tokens=config.SUMMARY_MAX_TOKENS,
        system=_SYSTEM,
        messages=[{"role": "user", "content": f"Meeting: {title}\n\n{transcript}"}],
    )
    usage = message.usage
    log.info("summary done in=%s out=%s", usage.input_tokens, usage.output_tokens)
    return "".join(b.text for b in message.content if b.type == "text")
