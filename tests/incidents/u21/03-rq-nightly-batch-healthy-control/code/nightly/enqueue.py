import argparse
import datetime as dt
import logging
import sys

from redis import Redis
from rq import Queue, Retry

from . import settings
from .accounts import active_account_ids
from .tasks import refresh_account_prices

log = logging.getLogger("nightly.enqueue")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Enqueue the nightly price refresh batch")
    parser.add_argument("--as-of", default=dt.date.today().isoformat())
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redis = Redis.from_url(settings.REDIS_URL)
    queue = Queue(settings.QUEUE_NAME, connection=redis)

    ids = active_account_ids(limit=args.limit)
    jobs = [
        Queue.prepare_data(
            refresh_account_prices,
            args=(account_id, args.as_of),
            timeout=settings.JOB_TIMEOUT,
            result_ttl=86400,
            failure_ttl=7 * 86400,
            retry=Retry(max=2, interval=[30, 120]),
            description=f"refresh prices account={account_id}",
        )
        for account_id in ids
    ]
    queue.enqueue_many(jobs)
    log.info("enqueued %d jobs on %s for %s", len(jobs), queue.name, args.as_of)
    return 0


if __name__ == "__main__":
    sys.exit(main())
