import anthropic
from django.conf import settings

_client = anthropic.Anthropic()

SYSTEM = (
    "You are a fleet maintenance analyst. Write a structured report with sections "
    "Summary, Vehicles at risk, Recommended maintenance, Cost outlook."
)


def write_report(telemetry_digest: str) -> str:
    msg = _client.messages.create(
        model=settings.ANTHROPIC_MODEL,
        max_tokens=settings.REPORT_MAX_TOKENS,
        system=SYSTEM,
        messages=[{"role": "user", "content": telemetry_digest}],
    )
    return "".join(block.text for block in msg.content if block.type == "text")
