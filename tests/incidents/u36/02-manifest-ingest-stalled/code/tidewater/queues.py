"""Redis/RQ connection helpers shared by the web app and the workers."""
from functools import lru_cache

from django.conf import settings
from redis import Redis
from rq import Queue


@lru_cache(maxsize=1)
def redis_conn() -> Redis:
    return Redis.from_url(settings.REDIS_URL, health_check_interval=30, socket_keepalive=True)


def get_queue(name: str = "default") -> Queue:
    return Queue(name, connection=redis_conn())
