"""usage-report-export (Cloud Run Job): fetch yesterday's half-hourly meter usage."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time

from usage_export.client import ReportsClient
from usage_export.config import Config
from usage_export.poll import ReportFailed, ReportNotReady, wait_for_report
from usage_export.sink import store

log = logging.getLogger("usage_export")


def period_for(now: dt.datetime) -> str:
    return (now.date() - dt.timedelta(days=1)).isoformat()


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(levelname)s %(name)s: %(message)s")
    cfg = Config.from_env()
    client = ReportsClient(cfg.api_base, cfg.api_token)
    started = time.monotonic()
    period = period_for(dt.datetime.now(dt.timezone.utc))

    report_id = client.request_report(cfg.account_id, period)
    log.info("requested interval_usage report %s for %s", report_id, period)
    try:
        info = wait_for_report(
            client, cfg.account_id, report_id, cfg.poll_interval_s, cfg.max_wait_s, cfg.warn_after_attempts
        )
    except (ReportNotReady, ReportFailed) as exc:
        log.error("%s", exc)
        return 1

    data = client.download(info["download_url"])
    where = store(cfg.bucket, f"interval-usage/{period}/{report_id}.csv", data)
    log.info("exported %d bytes to %s in %.0fs", len(data), where, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
