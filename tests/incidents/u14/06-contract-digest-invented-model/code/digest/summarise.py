import anthropic

from . import prompt, settings


def summarise(client: anthropic.Anthropic, key: str, text: str) -> str:
    msg = client.messages.create(
        model=settings.MODEL,
        max_tokens=settings.MAX_TOKENS,
        system=prompt.SYSTEM,
        messages=[{"role": "user", "content": prompt.user_message(key, text)}],
    )
    return "".join(block.text for block in msg.content if block.type == "text")
