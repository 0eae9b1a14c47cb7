import anthropic

from summarizer.config import get_settings

SYSTEM = (
    "You summarise customer support tickets for the agent who picks them up next. "
    "Write three short bullet points: the customer's problem, what has been tried, what is needed next. "
    "Do not invent facts that are not in the ticket."
)

_client: anthropic.AsyncAnthropic | None = None


def client() -> anthropic.AsyncAnthropic:
    global _client
    if _client is None:
        s = get_settings()
        _client = anthropic.AsyncAnthropic(max_retries=s.anthropic_max_retries, timeout=s.anthropic_timeout)
    return _client


async def summarise(subject: str, body: str) -> anthropic.types.Message:
    s = get_settings()
    return await client().messages.create(
        model=s.anthropic_model,
        max_tokens=s.max_tokens,
        system=SYSTEM,
        messages=[{"role": "user", "content": f"Subject: {subject}\n\n{body}"}],
    )
