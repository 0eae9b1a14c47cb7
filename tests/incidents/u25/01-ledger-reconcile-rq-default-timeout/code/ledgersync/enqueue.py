"""Enqueue the nightly reconciliation for yesterday (run from ledger-enqueue.timer)."""
import argparse
import logging
from datetime import date, timedelta

from redis import Redis
from rq import Queue

from . import settings
from .jobs import reconcile_ledger

log = logging.getLogger("ledgersync.enqueue")


def enqueue_day(queue, business_day, partitions):
    jobs = []
    for partition in range(partitions):
        job = queue.enqueue(
            reconcile_ledger,
            business_day.isoformat(),
            partition,
            partitions,
            job_id=f"reconcile-{business_day:%Y%m%d}-p{partition}",
            result_ttl=7 * 24 * 3600,
            failure_ttl=30 * 24 * 3600,
            description=f"reconcile ledger {business_day} p{partition}/{partitions}",
        )
        jobs.append(job)
    return jobs


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--day", type=date.fromisoformat, default=date.today() - timedelta(days=1))
    parser.add_argument("--partitions", type=int, default=settings.PARTITIONS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    queue = Queue(settings.QUEUE_NAME, connection=Redis.from_url(settings.REDIS_URL))
    jobs = enqueue_day(queue, args.day, args.partitions)
    log.info("enqueued %d reconcile jobs for %s on %s", len(jobs), args.day, queue.name)


if __name__ == "__main__":
    main()
