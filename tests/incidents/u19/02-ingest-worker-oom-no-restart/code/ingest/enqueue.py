"""Called by the GCS notification relay for every new object in the landing bucket."""
import argparse

from redis import Redis
from rq import Queue

from . import settings
from .jobs import import_feed


def enqueue(partner_id: str, object_name: str) -> str:
    q = Queue(settings.QUEUES[0], connection=Redis.from_url(settings.REDIS_URL))
    job = q.enqueue(import_feed, partner_id, object_name, job_timeout=3600, result_ttl=86400)
    return job.id


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("partner_id")
    p.add_argument("object_name")
    a = p.parse_args()
    print(enqueue(a.partner_id, a.object_name))
