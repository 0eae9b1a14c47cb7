"""Called by the media API when an upload lands."""
import os
from datetime import timedelta

from redis import Redis
from rq import Queue

from .tasks import cleanup_orphan_renditions, resize_upload

_redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
images = Queue("images", connection=_redis)
bulk = Queue("images-bulk", connection=_redis)


def enqueue_resize(upload_id: str, source_key: str, *, bulk_import: bool = False):
    queue = bulk if bulk_import else images
    return queue.enqueue(
        resize_upload,
        upload_id,
        source_key,
        job_id=f"resize-{upload_id}",
        job_timeout=600 if bulk_import else 300,
        result_ttl=24 * 3600,
        failure_ttl=14 * 24 * 3600,
        description=f"resize {upload_id}",
    )


def schedule_sweep():
    return bulk.enqueue_in(timedelta(hours=1), cleanup_orphan_renditions, 30, job_timeout=1800)
