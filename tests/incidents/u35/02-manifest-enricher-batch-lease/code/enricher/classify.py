"""HS-code classification of a manifest line with Claude."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import anthropic

log = logging.getLogger("enricher.classify")

SYSTEM = (
    "You are a customs classification assistant. Given a shipment line description, "
    "answer with JSON only: {\"hs_code\": \"NNNN.NN\", \"confidence\": 0..1}."
)


@dataclass
class Classification:
    hs_code: str
    confidence: float


class Classifier:
    def __init__(self, model: str, max_tokens: int):
        self._client = anthropic.Anthropic(max_retries=3, timeout=60.0)
        self._model = model
        self._max_tokens = max_tokens

    def classify(self, description: str, origin: str) -> Classification:
        msg = self._client.messages.create(
            model=self._model,
            max_tokens=self._max_tokens,
            system=SYSTEM,
            messages=[{"role": "user", "content": f"Origin: {origin}\nLine: {description}"}],
        )
        text = "".join(b.text for b in msg.content if b.type == "text")
        doc = json.loads(text)
        return Classification(hs_code=str(doc["hs_code"]), confidence=float(doc["confidence"]))
