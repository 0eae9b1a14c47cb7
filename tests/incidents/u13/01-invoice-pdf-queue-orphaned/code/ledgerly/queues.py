from functools import lru_cache

from redis import Redis
from rq import Queue

from ledgerly import settings


@lru_cache(maxsize=1)
def redis_conn() -> Redis:
    return Redis.from_url(settings.REDIS_URL)


def queue(name: str) -> Queue:
    return Queue(name, connection=redis_conn())


def high() -> Queue:
    return queue(settings.QUEUE_HIGH)


def default() -> Queue:
    return queue(settings.QUEUE_DEFAULT)


def invoices() -> Queue:
    return queue(settings.QUEUE_INVOICES)
