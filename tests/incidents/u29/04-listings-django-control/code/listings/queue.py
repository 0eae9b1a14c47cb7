from functools import lru_cache

from django.conf import settings
from redis import Redis
from rq import Queue


@lru_cache
def feed_queue() -> Queue:
    return Queue("feeds", connection=Redis.from_url(settings.REDIS_URL), default_timeout=900)


def enqueue_feed_export(channel: str, skus: list[str]):
    return feed_queue().enqueue("feedworker.tasks.export_channel_feed", channel, skus, result_ttl=86400)
