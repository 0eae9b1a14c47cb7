from redis import Redis
from rq import Queue

from .config import REDIS_URL

queue = Queue("summaries", connection=Redis.from_url(REDIS_URL), default_timeout=600)


def request_case_summaries(case_id: str, doc_ids: list[str]):
    return queue.enqueue("casefile.jobs.summarise_case_documents", case_id, doc_ids,
                         result_ttl=86400, description=f"summaries for case {case_id}")
