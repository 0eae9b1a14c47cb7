from __future__ import annotations

import logging
from dataclasses import dataclass

from .classifier import DisputeClassifier
from .ledger import HoldLedger

log = logging.getLogger("farecheck.triage")


@dataclass(frozen=True)
class Decision:
    dispute_id: str
    action: str          # refund | deny | escalate | hold
    confidence: float


class TriagePolicy:
    def __init__(self, classifier: DisputeClassifier, ledger: HoldLedger,
                 hold_below: float, max_hold_attempts: int):
        self._classifier = classifier
        self._ledger = ledger
        self._hold_below = hold_below
        self._max_hold_attempts = max_hold_attempts

    def decide(self, dispute: dict, attempt: int = 1) -> Decision:
        verdict = self._classifier.classify_blocking(dispute)
        dispute_id = dispute["dispute_id"]
        if verdict.confidence < self._hold_below and attempt < self._max_hold_attempts:
            self._ledger.hold(dispute)
            return Decision(dispute_id, "hold", verdict.confidence)
        self._ledger.release(dispute_id)
        action = verdict.label if verdict.confidence >= self._hold_below else "escalate"
        return Decision(dispute_id, action, verdict.confidence)
