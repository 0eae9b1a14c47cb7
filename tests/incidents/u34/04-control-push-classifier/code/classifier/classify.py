import json

from anthropic import AsyncAnthropic

from . import settings

LABELS = ["billing", "bug", "feature_request", "account", "spam", "other"]

PROMPT = (
    "Classify the customer feedback below into exactly one of: {labels}. "
    'Answer with JSON only: {{"label": "...", "confidence": 0.0-1.0}}.\n\n{text}'
)


async def classify(client: AsyncAnthropic, text: str) -> dict:
    msg = await client.messages.create(
        model=settings.MODEL,
        max_tokens=settings.MAX_TOKENS,
        messages=[{"role": "user", "content": PROMPT.format(labels=", ".join(LABELS), text=text)}],
    )
    raw = "".join(b.text for b in msg.content if b.type == "text")
    result = json.loads(raw)
    if result.get("label") not in LABELS:
        result["label"] = "other"
    return result
