from functools import lru_cache

from redis import Redis
from rq import Queue

from . import config


@lru_cache(maxsize=1)
def redis_conn() -> Redis:
    return Redis.from_url(config.REDIS_URL)


def scan_queue() -> Queue:
    return Queue(config.QUEUE_NAME, connection=redis_conn())
