"""Monthly fan-out: one send_statement job per active account.

Run by the `statements-fanout` CronJob on the 1st-3rd of the month (k8s/cronjob-fanout.yaml),
in batches so the partner API isn't flooded.
"""
import argparse
import logging

import requests
from redis import Redis
from rq import Queue

from . import settings
from .ledger import LEDGER_URL

log = logging.getLogger("statements.fanout")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    p = argparse.ArgumentParser()
    p.add_argument("--period", required=True)
    p.add_argument("--batch", type=int, default=500)
    args = p.parse_args()

    r = requests.get(f"{LEDGER_URL}/accounts", params={"active": 1, "statement_pending": args.period,
                                                       "limit": args.batch}, timeout=60)
    r.raise_for_status()
    accounts = [a["id"] for a in r.json()["accounts"]]

    q = Queue("statements", connection=Redis.from_url(settings.REDIS_URL))
    for account_id in accounts:
        q.enqueue("statements.jobs.send_statement", account_id, args.period,
                  job_id=f"stmt-{args.period}-{account_id}", job_timeout="1h", result_ttl=86400,
                  failure_ttl=30 * 86400)
    log.info("enqueued %d statement jobs for %s", len(accounts), args.period)


if __name__ == "__main__":
    main()
