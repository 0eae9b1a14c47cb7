import anthropic

from . import settings

_client = anthropic.Anthropic()


def summarise(text: str) -> str:
    msg = _client.messages.create(
        model=settings.MODEL,
        max_tokens=1500,
        system="Summarise the document for a customer-support agent. Include key dates and amounts.",
        messages=[{"role": "user", "content": text}],
    )
    return msg.content[0].text
