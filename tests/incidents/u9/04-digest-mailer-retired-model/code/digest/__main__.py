"""Entry point of the Cloud Run job: python -m digest"""

from __future__ import annotations

import datetime as dt
import logging
import sys

from . import __version__, helpdesk, mail, settings, summary

log = logging.getLogger("digest")


def run() -> int:
    now = dt.datetime.now(dt.timezone.utc)
    since = now - dt.timedelta(hours=settings.LOOKBACK_HOURS)
    log.info("digest-mailer %s: tickets updated since %s", __version__, since.isoformat(timespec="seconds"))
    tickets = list(helpdesk.recent_tickets(since))
    figures = summary.stats(tickets)
    log.info("fetched %d tickets (%d urgent, by status %s)", figures["total"], figures["urgent"],
             figures["by_status"])
    if not tickets:
        log.info("nothing to summarise")
        return 0
    text = summary.summarise(tickets)
    subject = f"Support digest {now:%a %d %b}: {figures['total']} tickets, {figures['urgent']} urgent"
    mail.send(subject, text)
    log.info("digest sent to %d recipients (%d chars)", len(settings.DIGEST_TO), len(text))
    return 0


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return run()


if __name__ == "__main__":
    sys.exit(main())
