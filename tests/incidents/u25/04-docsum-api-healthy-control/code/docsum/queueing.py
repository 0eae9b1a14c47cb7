from functools import lru_cache

from redis import Redis
from rq import Queue

from .settings import get_settings


@lru_cache
def summary_queue() -> Queue:
    s = get_settings()
    return Queue(s.summary_queue, connection=Redis.from_url(s.redis_url, socket_timeout=5))
