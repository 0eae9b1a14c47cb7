import os

from redis import Redis
from rq import Queue, Retry

queue = Queue("exports", connection=Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/1")))


def request_export(account_id: int, year: int):
    return queue.enqueue("exports.jobs.export_ledger", account_id, year,
                         job_timeout=900, result_ttl=3600, retry=Retry(max=2, interval=[30, 120]))
