"""Called by the upload webhook: queue titling and the full review for a new contract."""
import os
import sys

from redis import Redis
from rq import Queue

from .jobs import review_contract, title_contract


def enqueue(doc_id: str) -> None:
    conn = Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
    Queue("titles", connection=conn).enqueue(title_contract, doc_id, job_timeout=60)
    Queue("reviews", connection=conn).enqueue(review_contract, doc_id, job_timeout=600, result_ttl=86400)


if __name__ == "__main__":
    for d in sys.argv[1:]:
        enqueue(d)
