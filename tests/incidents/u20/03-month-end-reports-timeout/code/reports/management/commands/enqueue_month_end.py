from datetime import date

from django.core.management.base import BaseCommand

from reports.services import enqueue_month_end


class Command(BaseCommand):
    help = "Enqueue month-end reports for every active account"

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM, default: previous month")

    def handle(self, *args, period=None, **options):
        if not period:
            today = date.today()
            y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
            period = f"{y:04d}-{m:02d}"
        ids = enqueue_month_end(period)
        self.stdout.write(f"enqueued {len(ids)} month-end reports for {period}")
