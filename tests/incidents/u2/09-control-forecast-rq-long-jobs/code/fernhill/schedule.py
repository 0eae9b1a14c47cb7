import os

from redis import Redis
from rq import Queue

from .tasks import rebuild_store_forecast

STORES = [104, 117, 128, 131, 146, 152]


def main() -> None:
    q = Queue("forecasts", connection=Redis.from_url(os.environ["REDIS_URL"]))
    for store in STORES:
        # a store takes ~10 minutes; 30 leaves room for month-end volume
        q.enqueue(rebuild_store_forecast, store, 28, job_timeout=1800, result_ttl=86400)


if __name__ == "__main__":
    main()
