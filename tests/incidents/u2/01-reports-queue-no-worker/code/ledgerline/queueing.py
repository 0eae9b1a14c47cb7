from functools import lru_cache

from redis import Redis
from rq import Queue

from . import settings


@lru_cache(maxsize=1)
def redis_conn() -> Redis:
    return Redis.from_url(settings.REDIS_URL)


def reports_queue() -> Queue:
    return Queue(settings.REPORT_QUEUE, connection=redis_conn(),
                 default_timeout=settings.REPORT_JOB_TIMEOUT)
