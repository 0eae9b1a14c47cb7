"""RQ jobs. Run by `rq worker askbot`, never inside the bot's event loop."""
import logging

import anthropic
import requests

from . import config

log = logging.getLogger(__name__)

SYSTEM = (
    "You are the team's internal helper bot. Answer briefly and concretely. "
    "If you are not sure, say so."
)

_client = None


def _anthropic() -> anthropic.Anthropic:
    global _client
    if _client is None:
        _client = anthropic.Anthropic(max_retries=4, timeout=120.0)
    return _client


def _send(chat_id: int, text: str, reply_to: int | None = None) -> None:
    r = requests.post(
        f"{config.TELEGRAM_API}/bot{config.TELEGRAM_TOKEN}/sendMessage",
        json={"chat_id": chat_id, "text": text[:4096], "reply_to_message_id": reply_to},
        timeout=20,
    )
    r.raise_for_status()


def answer_question(chat_id: int, message_id: int, user: str, question: str) -> dict:
    msg = _anthropic().messages.create(
        model=config.MODEL,
        max_tokens=config.MAX_TOKENS,
        system=SYSTEM,
        messages=[{"role": "user", "content": question}],
    )
    text = "".join(b.text for b in msg.content if b.type == "text")
    _send(chat_id, text, reply_to=message_id)
    log.info(
        "answered chat=%s msg=%s user=%s in=%d out=%d stop=%s",
        chat_id, message_id, user, msg.usage.input_tokens, msg.usage.output_tokens, msg.stop_reason,
    )
    return {"input_tokens": msg.usage.input_tokens, "output_tokens": msg.usage.output_tokens}
