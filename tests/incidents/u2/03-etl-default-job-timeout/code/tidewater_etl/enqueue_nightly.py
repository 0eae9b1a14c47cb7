"""Run by tidewater-enqueue.timer at 02:00 UTC: one load job per partner for yesterday."""
import logging
from datetime import date, timedelta

from redis import Redis
from rq import Queue

from . import conf
from .load import load_partner_feed

log = logging.getLogger("tidewater_etl.enqueue")


def main() -> None:
    day = (date.today() - timedelta(days=1)).isoformat()
    q = Queue("etl", connection=Redis.from_url(conf.REDIS_URL))
    for partner in conf.PARTNERS:
        job = q.enqueue(load_partner_feed, partner, day,
                        result_ttl=7 * 86400, failure_ttl=14 * 86400,
                        description=f"load {partner} {day}")
        log.info("enqueued %s for %s (%s)", partner, day, job.id)


if __name__ == "__main__":
    main()
