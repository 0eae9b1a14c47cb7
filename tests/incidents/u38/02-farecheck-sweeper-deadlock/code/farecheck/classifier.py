from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import anthropic

from .bridge import LoopBridge

log = logging.getLogger("farecheck.classifier")

SYSTEM = (
    "You triage public-transit fare disputes. Reply with JSON only: "
    '{"label": "refund" | "deny" | "escalate", "confidence": 0..1}. '
    "Refund when the tap-on/tap-off record shows a device fault or a double charge."
)


@dataclass(frozen=True)
class Verdict:
    label: str
    confidence: float


class DisputeClassifier:
    """Async classifier; ``classify_blocking`` is for callers without a loop."""

    def __init__(self, client: anthropic.AsyncAnthropic, model: str, bridge: LoopBridge):
        self._client = client
        self._model = model
        self._bridge = bridge

    async def classify(self, dispute: dict) -> Verdict:
        msg = await self._client.messages.create(
            model=self._model,
            max_tokens=200,
            system=SYSTEM,
            messages=[{"role": "user", "content": json.dumps(dispute, sort_keys=True)}],
        )
        raw = "".join(b.text for b in msg.content if b.type == "text")
        try:
            data = json.loads(raw)
            return Verdict(str(data["label"]), float(data["confidence"]))
        except (ValueError, KeyError) as exc:
            log.warning("unparseable verdict for %s: %s", dispute.get("dispute_id"), exc)
            return Verdict("escalate", 0.0)

    def classify_blocking(self, dispute: dict) -> Verdict:
        return self._bridge.call(self.classify(dispute))
