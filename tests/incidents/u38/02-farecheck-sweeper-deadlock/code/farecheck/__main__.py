from __future__ import annotations

import asyncio
import logging
import signal
import sys

import anthropic
from google.cloud import pubsub_v1

from . import __version__, config
from .bridge import LoopBridge
from .classifier import DisputeClassifier
from .consumer import DisputeConsumer
from .ledger import HoldLedger
from .status import Outcomes, heartbeat
from .sweeper import HoldSweeper
from .triage import TriagePolicy

log = logging.getLogger("farecheck")


async def main() -> int:
    cfg = config.load()
    loop = asyncio.get_running_loop()
    bridge = LoopBridge(loop)
    ledger = HoldLedger()
    outcomes = Outcomes()
    classifier = DisputeClassifier(anthropic.AsyncAnthropic(max_retries=4), cfg.model, bridge)
    policy = TriagePolicy(classifier, ledger, cfg.hold_below, cfg.max_hold_attempts)
    consumer = DisputeConsumer(pubsub_v1.SubscriberClient(), cfg.subscription_path,
                               policy, outcomes, cfg.max_outstanding)

    log.info("farecheck %s starting (model=%s)", __version__, cfg.model)
    streaming = consumer.start()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    tasks = [
        asyncio.create_task(heartbeat(cfg.status_path, cfg.heartbeat_every_s, outcomes, ledger.__len__)),
        asyncio.create_task(HoldSweeper(policy, ledger, cfg.sweep_every_s, outcomes).run()),
    ]
    await stop.wait()
    log.info("SIGTERM: stopping streaming pull")
    streaming.cancel()
    for task in tasks:
        task.cancel()
    return 0


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.INFO, stream=sys.stdout,
        format="%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    sys.exit(asyncio.run(main()))
