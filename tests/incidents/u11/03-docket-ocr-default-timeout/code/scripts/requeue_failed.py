#!/usr/bin/env python3
"""Put failed OCR jobs back on the queue (cron, every 20 minutes).

tesseract occasionally segfaults on odd scans and the portal used to lose those
batches; a second attempt almost always works.
"""

from __future__ import annotations

import logging

from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry

from ocrbatch import config

logging.basicConfig(level=logging.INFO, format="%(asctime)s requeue_failed %(levelname)s %(message)s")
log = logging.getLogger("requeue_failed")


def main() -> int:
    redis = Redis.from_url(config.REDIS_URL)
    queue = Queue(config.QUEUE_NAME, connection=redis)
    registry = FailedJobRegistry(queue=queue)
    ids = registry.get_job_ids()
    for job_id in ids:
        registry.requeue(job_id)
    log.info("requeued %d failed job(s) on %s", len(ids), config.QUEUE_NAME)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
