import anthropic

from .settings import settings

_client: anthropic.Anthropic | None = None


def client() -> anthropic.Anthropic:
    global _client
    if _client is None:
        _client = anthropic.Anthropic(
            max_retries=settings.anthropic_max_retries,
            timeout=settings.anthropic_timeout,
        )
    return _client


SYSTEM = (
    "You summarise customer support tickets for the agent who picks them up next. "
    "Write 2-4 short bullet points: what the customer wants, what has been tried, "
    "and anything the agent must not miss (refund promised, legal threat, VIP). "
    "Then one line starting 'Sentiment:' with positive, neutral, frustrated or angry."
)


def summarise(subject: str, thread: str) -> tuple[str, dict]:
    msg = client().messages.create(
        model=settings.anthropic_model,
        max_tokens=settings.anthropic_max_tokens,
        system=SYSTEM,
        messages=[{"role": "user", "content": f"Subject: {subject}\n\n{thread}"}],
    )
    text = "".join(b.text for b in msg.content if b.type == "text")
    return text, {"input_tokens": msg.usage.input_tokens, "output_tokens": msg.usage.output_tokens}
