import asyncio
import threading

from farecheck.bridge import LoopBridge
from farecheck.classifier import Verdict
from farecheck.ledger import HoldLedger
from farecheck.triage import TriagePolicy


class FakeClassifier:
    def __init__(self, verdict):
        self.verdict = verdict

    def classify_blocking(self, dispute):
        return self.verdict


def test_low_confidence_is_held():
    ledger = HoldLedger()
    policy = TriagePolicy(FakeClassifier(Verdict("refund", 0.5)), ledger, 0.75, 3)
    assert policy.decide({"dispute_id": "d1"}).action == "hold"
    assert len(ledger) == 1


def test_bridge_from_thread():
    loop = asyncio.new_event_loop()
    t = threading.Thread(target=loop.run_forever, daemon=True)
    t.start()

    async def forty_two():
        return 42

    assert LoopBridge(loop).call(forty_two()) == 42
    loop.call_soon_threadsafe(loop.stop)
