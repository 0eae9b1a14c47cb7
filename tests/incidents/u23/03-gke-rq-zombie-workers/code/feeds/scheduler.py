"""Enqueue a refresh for every active feed; run from the CronJob every 5 minutes."""
import logging

from redis import Redis
from rq import Queue

from feeds import settings

log = logging.getLogger(__name__)


def enqueue_all(feed_ids: list[int]) -> int:
    queue = Queue("feeds", connection=Redis.from_url(settings.REDIS_URL))
    for feed_id in feed_ids:
        queue.enqueue("feeds.tasks.refresh_feed", feed_id, job_timeout=60, result_ttl=600, failure_ttl=86400)
    log.info("enqueued %d feed refreshes", len(feed_ids))
    return len(feed_ids)
