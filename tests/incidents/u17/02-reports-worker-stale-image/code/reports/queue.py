import os

from redis import Redis
from rq import Queue

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")

_redis = None


def get_queue(name: str = "reports") -> Queue:
    global _redis
    if _redis is None:
        _redis = Redis.from_url(REDIS_URL)
    return Queue(name, connection=_redis, default_timeout=900)
