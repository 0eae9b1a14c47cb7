"""Enqueue a sync for every active account. Run every 30 minutes by cron."""
import os

import psycopg
from redis import Redis
from rq import Queue

from .jobs import sync_account


def main() -> None:
    q = Queue("crm-sync", connection=Redis.from_url(os.environ["REDIS_URL"]))
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM crm_accounts WHERE active")]
    for account_id in ids:
        q.enqueue(sync_account, account_id, job_timeout=600, result_ttl=3600, failure_ttl=7 * 86400)


if __name__ == "__main__":
    main()
