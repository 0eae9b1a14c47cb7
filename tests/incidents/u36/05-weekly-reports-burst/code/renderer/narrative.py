import json

import anthropic

PROMPT = (
    "You write the summary box of a weekly analytics report. Given the metrics JSON, "
    "write exactly three short bullet points (max 18 words each) a busy founder would care about. "
    "No preamble."
)


def make_client() -> anthropic.Anthropic:
    return anthropic.Anthropic(max_retries=4, timeout=60.0)


def narrative(client: anthropic.Anthropic, model: str, metrics: dict) -> list[str]:
    message = client.messages.create(
        model=model,
        max_tokens=300,
        system=PROMPT,
        messages=[{"role": "user", "content": json.dumps(metrics)}],
    )
    text = "".join(b.text for b in message.content if b.type == "text")
    bullets = [line.lstrip("-•* ").strip() for line in text.splitlines() if line.strip()]
    return bullets[:3]
