from __future__ import annotations

import asyncio
import logging

from .ledger import HoldLedger
from .triage import TriagePolicy

log = logging.getLogger("farecheck.sweeper")


class HoldSweeper:
    """Periodically re-triages held disputes (the model is asked again; after
    max attempts the dispute is escalated to a human)."""

    def __init__(self, policy: TriagePolicy, ledger: HoldLedger, every_s: float, outcomes):
        self._policy = policy
        self._ledger = ledger
        self._every_s = every_s
        self._outcomes = outcomes

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self._every_s)
            held = self._ledger.due()
            if not held:
                continue
            log.info("re-triaging %d held disputes", len(held))
            for item in held:
                decision = self._policy.decide(item.dispute, attempt=item.attempts + 1)
                self._outcomes.record(decision)
