"""Called by the API when a user asks for an analysis."""

from redis import Redis
from rq import Queue

from app.core.config import REDIS_URL

queue = Queue("ai_ingestion", connection=Redis.from_url(REDIS_URL))


def request_full_analysis(script_id: str):
    return queue.enqueue("app.tasks.ai_ingestion_worker.analyze_script_full", script_id, job_timeout=1800)


def request_partial_analysis(script_id: str):
    # Added in the API's latest release; the running worker predates it.
    return queue.enqueue("app.tasks.ai_ingestion_worker.analyze_script_partial", script_id)
