"""Kubernetes CronJob entry point: enqueue one sync per connected tenant every 15 minutes."""
import psycopg
from redis import Redis
from rq import Queue

from . import settings
from .sync.jobs import sync_tenant_invoices


def main() -> None:
    q = Queue("ledger-sync", connection=Redis.from_url(settings.REDIS_URL))
    with psycopg.connect(settings.DATABASE_URL) as conn:
        tenants = [t for (t,) in conn.execute("select tenant from ledgerhub_links where active")]
    for tenant in tenants:
        q.enqueue(sync_tenant_invoices, tenant, job_timeout=600, result_ttl=86400)


if __name__ == "__main__":
    main()
