import logging
import time

import anthropic
from django.conf import settings

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You summarise customer support tickets for the agent who picks them up next. "
    "Write 2-4 sentences: what the customer wants, what has been tried, what is still open. "
    "No greetings, no speculation."
)

_client = None


def get_client() -> anthropic.Anthropic:
    global _client
    if _client is None:
        _client = anthropic.Anthropic(api_key=settings.ANTHROPIC_API_KEY, max_retries=3, timeout=60)
    return _client


def render_thread(ticket) -> str:
    lines = [f"Subject: {ticket.subject}"]
    for msg in ticket.messages.all():
        who = "Agent" if msg.is_agent else "Customer"
        lines.append(f"{who} ({msg.author}): {msg.body}")
    return "\n\n".join(lines)


def summarise(ticket) -> str:
    started = time.monotonic()
    response = get_client().messages.create(
        model=settings.ANTHROPIC_MODEL,
        max_tokens=settings.SUMMARY_MAX_TOKENS,
        system=SYSTEM_PROMPT,
        messages=[{"role": "user", "content": render_thread(ticket)}],
    )
    text = "".join(block.text for block in response.content if block.type == "text").strip()
    log.info(
        "summarised ticket %s in %.1fs (model=%s, %d in / %d out tokens)",
        ticket.pk, time.monotonic() - started, response.model,
        response.usage.input_tokens, response.usage.output_tokens,
    )
    return text
