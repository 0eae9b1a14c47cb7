"""Called by the upload portal once a batch is complete on disk."""

from __future__ import annotations

import sys

from redis import Redis
from rq import Queue

from . import config
from .tasks import process_batch


def enqueue_batch(batch_id: str) -> str:
    queue = Queue(config.QUEUE_NAME, connection=Redis.from_url(config.REDIS_URL))
    job = queue.enqueue(
        process_batch,
        batch_id,
        job_id=f"batch-{batch_id}",
        result_ttl=7 * 24 * 3600,
        failure_ttl=14 * 24 * 3600,
        description=f"ocr batch {batch_id}",
    )
    return job.id


if __name__ == "__main__":
    for batch in sys.argv[1:]:
        print(enqueue_batch(batch))
