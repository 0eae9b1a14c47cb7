import logging
import time

from django.conf import settings
from django.db import transaction

from .models import Account, Statement
from .render import render_statement_pdf

log = logging.getLogger("statements")


def build_nightly_statements(period: str) -> int:
    accounts = Account.objects.filter(active=True).order_by("id")
    total = accounts.count()
    log.info("building %s statements for %d accounts", period, total)
    done = 0
    started = time.monotonic()
    for offset in range(0, total, settings.STATEMENT_BATCH):
        batch = list(accounts[offset : offset + settings.STATEMENT_BATCH])
        with transaction.atomic():
            for account in batch:
                cents = render_statement_pdf(account, period)
                Statement.objects.update_or_create(account=account, period=period, defaults={"total_cents": cents})
        done += len(batch)
        log.info("statements %s: %d/%d (%.0fs)", period, done, total, time.monotonic() - started)
    return done
