from functools import lru_cache

from django.conf import settings
from redis import Redis
from rq import Queue


@lru_cache(maxsize=1)
def redis_connection() -> Redis:
    return Redis.from_url(settings.REDIS_URL)


def get_queue(name: str = "default") -> Queue:
    return Queue(name, connection=redis_connection())


def reports_queue() -> Queue:
    return Queue(
        settings.RQ_REPORTS_QUEUE,
        connection=redis_connection(),
        default_timeout=settings.RQ_REPORT_TIMEOUT,
    )
