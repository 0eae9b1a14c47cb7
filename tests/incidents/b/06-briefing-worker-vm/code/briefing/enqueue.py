"""Run from cron at 05:00 UTC: one digest job per topic and subscriber group."""
from redis import Redis
from rq import Queue

from . import settings
from .tasks import build_digest

GROUPS = ["retail", "institutional", "internal-desk"]
TOPICS = ["markets", "energy", "logistics"]


def main() -> None:
    q = Queue(settings.QUEUE, connection=Redis.from_url(settings.REDIS_URL))
    for topic in TOPICS:
        for group in GROUPS:
            q.enqueue(build_digest, topic, group, job_timeout=300, result_ttl=86400)


if __name__ == "__main__":
    main()
