import logging
from datetime import timedelta

import anthropic
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from filings.models import Filing, FilingSummary
from filings.summarizer import FilingSummarizer

logger = logging.getLogger("filings.summarize")


class Command(BaseCommand):
    help = "Summarise court filings received since the last nightly run."

    def add_arguments(self, parser):
        parser.add_argument("--lookback-hours", type=int, default=settings.SUMMARIZER["lookback_hours"])
        parser.add_argument("--limit", type=int, default=500)
        parser.add_argument("--court", help="only this court slug")

    def handle(self, *args, **opts):
        since = timezone.now() - timedelta(hours=opts["lookback_hours"])
        pending = (
            Filing.objects.select_related("court")
            .filter(summary__isnull=True, received_at__gte=since)
            .order_by("received_at")
        )
        if opts["court"]:
            pending = pending.filter(court__slug=opts["court"])
        pending = list(pending[: opts["limit"]])
        logger.info("found %d filings without a summary since %s", len(pending), since.isoformat(timespec="seconds"))

        summarizer = FilingSummarizer.from_settings()
        done = failed = 0
        for filing in pending:
            try:
                result = summarizer.summarize(filing)
            except anthropic.APIError as exc:
                failed += 1
                logger.error("could not summarise filing %s (%s): %s", filing.pk, filing.docket_number, exc)
                continue
            FilingSummary.objects.create(
                filing=filing,
                model=result.model,
                text=result.text,
                input_tokens=result.input_tokens,
                output_tokens=result.output_tokens,
            )
            done += 1
            logger.info("summarised filing %s (%s) in=%d out=%d", filing.pk, filing.docket_number, result.input_tokens, result.output_tokens)

        logger.info("nightly summaries finished: %d summarised, %d failed", done, failed)
