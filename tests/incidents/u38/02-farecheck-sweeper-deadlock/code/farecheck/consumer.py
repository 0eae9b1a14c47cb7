from __future__ import annotations

import json
import logging

from google.cloud import pubsub_v1

from .status import Outcomes
from .triage import TriagePolicy

log = logging.getLogger("farecheck.consumer")


class DisputeConsumer:
    def __init__(self, subscriber: pubsub_v1.SubscriberClient, subscription_path: str,
                 policy: TriagePolicy, outcomes: Outcomes, max_outstanding: int):
        self._subscriber = subscriber
        self._path = subscription_path
        self._policy = policy
        self._outcomes = outcomes
        self._flow = pubsub_v1.types.FlowControl(max_messages=max_outstanding)

    def on_message(self, message) -> None:
        try:
            dispute = json.loads(message.data)
        except ValueError:
            log.error("dropping malformed message %s", message.message_id)
            message.ack()
            return
        log.info("dispute %s received (msg %s, attempt %s)", dispute["dispute_id"],
                 message.message_id, message.delivery_attempt)
        try:
            decision = self._policy.decide(dispute)
        except Exception:
            log.exception("triage failed for %s; nacking", dispute["dispute_id"])
            message.nack()
            return
        self._outcomes.record(decision)
        log.info("dispute %s -> %s (%.2f)", decision.dispute_id, decision.action,
                 decision.confidence)
        message.ack()

    def start(self):
        log.info("listening on %s (max_outstanding=%d)", self._path, self._flow.max_messages)
        return self._subscriber.subscribe(self._path, callback=self.on_message,
                                          flow_control=self._flow)
