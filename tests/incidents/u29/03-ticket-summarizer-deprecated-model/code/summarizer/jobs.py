import json
import logging

import anthropic

from . import helpdesk
from .config import settings
from .prompts import SYSTEM, render_thread

log = logging.getLogger(__name__)

_client: anthropic.Anthropic | None = None


def client() -> anthropic.Anthropic:
    global _client
    if _client is None:
        _client = anthropic.Anthropic(max_retries=3, timeout=120)
    return _client


def summarize_ticket(ticket_id: int) -> dict:
    ticket = helpdesk.get_ticket(ticket_id)
    cfg = settings()
    msg = client().messages.create(
        model=cfg.anthropic_model,
        max_tokens=cfg.max_tokens,
        system=SYSTEM,
        messages=[{"role": "user", "content": render_thread(ticket)}],
    )
    summary = json.loads(msg.content[0].text)
    helpdesk.save_summary(ticket_id, summary)
    log.info(
        "ticket %s summarised (%s in / %s out tokens, sentiment=%s)",
        ticket_id, msg.usage.input_tokens, msg.usage.output_tokens, summary.get("customer_sentiment"),
    )
    return {"ticket_id": ticket_id, "tokens": msg.usage.output_tokens}
