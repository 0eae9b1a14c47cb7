"""Called by the API when an event happens: one job per subscribed endpoint."""

from __future__ import annotations

import uuid

from redis import Redis
from rq import Queue, Retry

from . import settings

queue = Queue("webhooks", connection=Redis.from_url(settings.REDIS_URL), default_timeout=60)

RETRY = Retry(max=3, interval=[10, 30, 60])


def fan_out(event: dict, endpoints: list[str]) -> list[str]:
    ids = []
    for endpoint in endpoints:
        delivery_id = f"dlv_{uuid.uuid4().hex[:20]}"
        queue.enqueue("hooks.delivery.deliver", delivery_id, endpoint, event,
                      job_id=delivery_id, retry=RETRY, result_ttl=3600, failure_ttl=30 * 86400)
        ids.append(delivery_id)
    return ids
