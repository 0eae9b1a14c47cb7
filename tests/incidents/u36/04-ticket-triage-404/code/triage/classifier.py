"""Ticket classification with Claude."""
import json
from dataclasses import dataclass

from anthropic import AsyncAnthropic

CATEGORIES = ("billing", "technical", "account", "how-to", "feature-request", "outage", "other")
PRIORITIES = ("low", "normal", "high", "urgent")

SYSTEM = (
    "You triage customer support tickets for a B2B invoicing product. "
    "Answer with a single JSON object with keys: category (one of "
    + ", ".join(CATEGORIES)
    + "), priority (one of "
    + ", ".join(PRIORITIES)
    + "), summary (max 20 words). Priority is urgent only when customers cannot invoice or get paid."
)


@dataclass(frozen=True)
class Triage:
    category: str
    priority: str
    summary: str


def _parse(text: str) -> Triage:
    start, end = text.find("{"), text.rfind("}")
    data = json.loads(text[start : end + 1])
    category = data.get("category") if data.get("category") in CATEGORIES else "other"
    priority = data.get("priority") if data.get("priority") in PRIORITIES else "normal"
    return Triage(category=category, priority=priority, summary=str(data.get("summary", ""))[:200])


async def classify(client: AsyncAnthropic, model: str, subject: str, body: str) -> Triage:
    message = await client.messages.create(
        model=model,
        max_tokens=300,
        system=SYSTEM,
        messages=[{"role": "user", "content": f"Subject: {subject}\n\n{body[:6000]}"}],
    )
    text = "".join(block.text for block in message.content if block.type == "text")
    return _parse(text)
