from redis import Redis
from rq import Queue, Retry

from . import settings

redis = Redis.from_url(settings.REDIS_URL)
high = Queue("high", connection=redis)
default = Queue("default", connection=redis)


def submit_survey(survey_id: str, *, priority: bool = False, quality: str = "medium"):
    from .tasks import process_survey

    queue = high if priority else default
    return queue.enqueue(
        process_survey,
        survey_id,
        quality=quality,
        job_id=f"survey-{survey_id}",
        job_timeout=settings.JOB_TIMEOUT,
        result_ttl=7 * 86400,
        failure_ttl=30 * 86400,
        retry=Retry(max=3, interval=settings.RETRY_INTERVALS),
        description=f"process_survey {survey_id} ({quality})",
    )
