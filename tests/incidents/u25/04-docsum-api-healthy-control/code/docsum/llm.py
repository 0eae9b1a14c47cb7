import anthropic

from .prompts import SYSTEM, user_prompt
from .settings import get_settings

_async_client = None


def async_client() -> anthropic.AsyncAnthropic:
    global _async_client
    if _async_client is None:
        s = get_settings()
        _async_client = anthropic.AsyncAnthropic(timeout=s.anthropic_timeout, max_retries=s.anthropic_max_retries)
    return _async_client


async def summarize_short(text: str, style: str) -> str:
    s = get_settings()
    msg = await async_client().messages.create(
        model=s.short_model,
        max_tokens=1024,
        system=SYSTEM,
        messages=[{"role": "user", "content": user_prompt(text, style)}],
    )
    return "".join(block.text for block in msg.content if block.type == "text")


def summarize_long_sync(text: str, style: str) -> str:
    s = get_settings()
    client = anthropic.Anthropic(timeout=600.0, max_retries=s.anthropic_max_retries)
    msg = client.messages.create(
        model=s.long_model,
        max_tokens=4096,
        system=SYSTEM,
        messages=[{"role": "user", "content": user_prompt(text, style)}],
    )
    return "".join(block.text for block in msg.content if block.type == "text")
