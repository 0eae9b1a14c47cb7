import anthropic
from django.conf import settings

_client = None


def client() -> anthropic.Anthropic:
    global _client
    if _client is None:
        _client = anthropic.Anthropic(max_retries=2)
    return _client


def summarise(system: str, prompt: str):
    return client().messages.create(
        model=settings.ANTHROPIC_MODEL,
        max_tokens=settings.SUMMARY_MAX_TOKENS,
        system=system,
        messages=[{"role": "user", "content": prompt}],
    )
