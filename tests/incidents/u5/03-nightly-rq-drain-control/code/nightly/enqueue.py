"""Used by the web app: queue work for tonight's drain."""
from redis import Redis
from rq import Queue, Retry

from . import settings
from .tasks import export_customer_csv, purge_expired_links, rollup_daily_usage

_redis = Redis.from_url(settings.REDIS_URL)


def queue(name: str) -> Queue:
    return Queue(name, connection=_redis)


def schedule_export(tenant_id: str, report: str, since: str):
    return queue("exports").enqueue(
        export_customer_csv, tenant_id, report, since,
        job_timeout=900, retry=Retry(max=2), result_ttl=86400,
    )


def schedule_rollup(tenant_id: str, day: str):
    return queue("rollups").enqueue(rollup_daily_usage, tenant_id, day, job_timeout=600)


def schedule_housekeeping():
    return queue("default").enqueue(purge_expired_links, 30)
