import json

import anthropic

from triage import settings

CATEGORIES = ["billing", "bug", "account", "feature_request", "outage", "other"]

PROMPT = """Classify this customer support ticket.
Answer with JSON only: {{"category": one of {cats}, "priority": "p1"|"p2"|"p3", "language": ISO 639-1}}.

Subject: {subject}

{body}"""

_client = anthropic.Anthropic()


def check_model() -> None:
    _client.models.retrieve(settings.MODEL)


def classify(ticket: dict) -> dict:
    msg = _client.messages.create(
        model=settings.MODEL,
        max_tokens=200,
        messages=[{
            "role": "user",
            "content": PROMPT.format(cats=CATEGORIES, subject=ticket["subject"], body=ticket["body"][:8000]),
        }],
    )
    text = "".join(b.text for b in msg.content if b.type == "text").strip()
    result = json.loads(text[text.find("{"): text.rfind("}") + 1])
    if result.get("category") not in CATEGORIES:
        result["category"] = "other"
    return result
