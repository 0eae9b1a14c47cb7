from datetime import date, timedelta

import django_rq
from django.core.management.base import BaseCommand

from statements.tasks import build_nightly_statements


class Command(BaseCommand):
    help = "Enqueue the nightly statement run for the previous month (called by the CronJob)."

    def handle(self, *args, **opts):
        first = date.today().replace(day=1)
        period = (first - timedelta(days=1)).strftime("%Y-%m")
        job = django_rq.get_queue("statements").enqueue(build_nightly_statements, period)
        self.stdout.write(f"enqueued {job.id} for {period}")
