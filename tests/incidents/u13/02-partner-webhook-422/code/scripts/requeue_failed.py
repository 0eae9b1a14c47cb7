"""Requeue everything in the webhooks FailedJobRegistry (after a partner outage)."""

import sys

from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry

from hookshot import config


def main() -> int:
    q = Queue(config.WEBHOOK_QUEUE, connection=Redis.from_url(config.REDIS_URL))
    reg = FailedJobRegistry(queue=q)
    ids = reg.get_job_ids()
    for jid in ids:
        reg.requeue(jid)
    print(f"requeued {len(ids)} jobs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
