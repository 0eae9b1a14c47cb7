import json

import anthropic

from .settings import Settings

SYSTEM = (
    "You triage customer-support tickets for an outdoor-gear retailer. "
    'Answer with JSON only: {"category": one of billing|shipping|returns|product|other, '
    '"priority": one of low|normal|high|urgent}.'
)

CATEGORIES = {"billing", "shipping", "returns", "product", "other"}
PRIORITIES = {"low", "normal", "high", "urgent"}


class Classifier:
    def __init__(self, settings: Settings) -> None:
        self._client = anthropic.Anthropic(
            api_key=settings.anthropic_api_key.get_secret_value() or None,
            max_retries=3,
        )
        self._model = settings.anthropic_model
        self._max_tokens = settings.anthropic_max_tokens

    def classify(self, subject: str, body: str) -> tuple[str, str]:
        msg = self._client.messages.create(
            model=self._model,
            max_tokens=self._max_tokens,
            system=SYSTEM,
            messages=[{"role": "user", "content": f"Subject: {subject}\n\n{body[:4000]}"}],
        )
        data = json.loads(msg.content[0].text)
        category = data.get("category") if data.get("category") in CATEGORIES else "other"
        priority = data.get("priority") if data.get("priority") in PRIORITIES else "normal"
        return category, priority
