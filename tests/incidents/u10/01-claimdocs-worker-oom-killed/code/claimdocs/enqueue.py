"""Used by the claims portal to ask for a packet."""

from __future__ import annotations

from redis import Redis
from rq import Queue

from claimdocs import settings


def request_packet(claim_id: str, requested_by: str) -> str:
    queue = Queue(settings.QUEUE_NAME, connection=Redis.from_url(settings.REDIS_URL))
    job = queue.enqueue(
        "claimdocs.packets.build_packet",
        claim_id,
        requested_by,
        job_timeout=900,
        result_ttl=86400,
        failure_ttl=7 * 86400,
        description=f"packet {claim_id}",
    )
    return job.id
