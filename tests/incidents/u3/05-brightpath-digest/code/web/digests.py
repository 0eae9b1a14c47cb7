"""Weekly digest fan-out, triggered by the web tier's cron endpoint every Monday 06:00 UTC."""
import logging

from app.db import cursor
from app.queues import mail_queue

log = logging.getLogger(__name__)


def opted_in_user_ids() -> list[int]:
    with cursor() as cur:
        cur.execute("SELECT id FROM users WHERE digest_opt_in AND NOT disabled ORDER BY id")
        return [row["id"] for row in cur.fetchall()]


def enqueue_weekly_digests() -> int:
    ids = opted_in_user_ids()
    for user_id in ids:
        mail_queue.enqueue("app.tasks.send_digest", user_id, result_ttl=3600, failure_ttl=14 * 24 * 3600)
    log.info("enqueued %d weekly digests", len(ids))
    return len(ids)
