"""Called by the helpdesk webhook relay: python -m summarizer.enqueue <ticket_id>."""
import sys

from redis import Redis
from rq import Queue

from .config import settings


def enqueue(ticket_id: int):
    q = Queue("summaries", connection=Redis.from_url(settings().redis_url))
    return q.enqueue(
        "summarizer.jobs.summarize_ticket",
        ticket_id,
        job_timeout=settings().job_timeout,
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
    )


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(enqueue(int(arg)).id)
