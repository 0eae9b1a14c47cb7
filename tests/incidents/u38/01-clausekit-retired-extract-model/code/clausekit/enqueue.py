"""Used by the intake API (and by hand): python -m clausekit.enqueue DOC_ID [...]"""
from __future__ import annotations

import sys

from redis import Redis
from rq import Queue

from .settings import get_settings


def enqueue(doc_ids: list[str]) -> None:
    settings = get_settings()
    redis = Redis.from_url(settings.redis_url)
    extract = Queue("extract", connection=redis, default_timeout=settings.job_timeout)
    summarize = Queue("summarize", connection=redis, default_timeout=settings.job_timeout)
    for doc_id in doc_ids:
        extract.enqueue("clausekit.jobs.extract_clauses", doc_id,
                        result_ttl=settings.result_ttl, failure_ttl=7 * 86400)
        summarize.enqueue("clausekit.jobs.summarize_contract", doc_id,
                          result_ttl=settings.result_ttl, failure_ttl=7 * 86400)


if __name__ == "__main__":
    enqueue(sys.argv[1:])
