from functools import lru_cache

from django.conf import settings
from redis import Redis
from rq import Queue


@lru_cache
def connection() -> Redis:
    return Redis.from_url(settings.REDIS_URL)


def queue(name: str = "default") -> Queue:
    return Queue(name, connection=connection())
