from functools import lru_cache

from redis import Redis
from rq import Queue, Retry

from . import config


@lru_cache(maxsize=1)
def redis_conn() -> Redis:
    return Redis.from_url(config.REDIS_URL, health_check_interval=30)


def email_queue() -> Queue:
    return Queue(config.EMAIL_QUEUE, connection=redis_conn(), default_timeout=120)


def enqueue_email(func, *args, **kwargs):
    return email_queue().enqueue(
        func, *args, **kwargs,
        retry=Retry(max=3, interval=[30, 120, 600]),
        result_ttl=86400,
        failure_ttl=7 * 86400,
    )
