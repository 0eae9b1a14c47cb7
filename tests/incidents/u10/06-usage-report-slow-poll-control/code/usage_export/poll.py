from __future__ import annotations

import logging
import time

from usage_export.client import ReportsClient

log = logging.getLogger("usage_export.poll")


class ReportNotReady(Exception):
    pass


class ReportFailed(Exception):
    pass


def wait_for_report(
    client: ReportsClient,
    account_id: str,
    report_id: str,
    interval_s: float,
    max_wait_s: float,
    warn_after: int,
    sleep=time.sleep,
    clock=time.monotonic,
) -> dict:
    started = clock()
    attempt = 0
    status = ""
    while status != "done":
        attempt += 1
        info = client.report_status(account_id, report_id)
        status = info["status"]
        if status == "done":
            break
        if status == "failed":
            raise ReportFailed(f"report {report_id} failed: {info.get('error')}")
        waited = clock() - started
        if waited >= max_wait_s:
            raise ReportNotReady(f"report {report_id} still {status} after {waited:.0f}s ({attempt} attempts)")
        if attempt >= warn_after:
            log.warning("still waiting (attempt %d): report %s is %s after %.0fs", attempt, report_id, status, waited)
        else:
            log.info("report %s is %s (attempt %d)", report_id, status, attempt)
        sleep(interval_s)
    log.info("report %s ready after %d attempts, %d rows", report_id, attempt, info.get("row_count", -1))
    return info
