from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    project: str
    subscription: str
    notices_topic: str
    model: str
    max_in_flight: int
    port: int
    max_delivery_attempts: int

    @classmethod
    def load(cls) -> "Config":
        return cls(
            project=os.environ.get("GOOGLE_CLOUD_PROJECT", "coppervane-ops"),
            subscription=os.environ.get("NOTIFIER_SUBSCRIPTION", "itinerary-notifier"),
            notices_topic=os.environ.get("NOTICES_TOPIC", "guest-notices"),
            model=os.environ.get("NOTIFIER_MODEL", "claude-haiku-4-5"),
            max_in_flight=int(os.environ.get("NOTIFIER_MAX_IN_FLIGHT", "8")),
            port=int(os.environ.get("PORT", "8080")),
            # must match deadLetterPolicy.maxDeliveryAttempts (deploy/pubsub.sh)
            max_delivery_attempts=int(os.environ.get("NOTIFIER_MAX_DELIVERY_ATTEMPTS", "5")),
        )
