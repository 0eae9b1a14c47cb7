"""Drain the `notifications` queue and exit. Started every 5 minutes by Cloud Scheduler
as the Cloud Run job `notify-drain`."""
import os
import sys

from redis import Redis
from rq import Queue, Worker


def main() -> int:
    conn = Redis.from_url(os.environ["REDIS_URL"])
    queue = Queue("notifications", connection=conn)
    worker = Worker([queue], connection=conn, name=os.environ.get("CLOUD_RUN_EXECUTION", "notify-drain-local"))
    worker.work(burst=True, max_jobs=500, with_scheduler=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
