from django.core.management.base import BaseCommand
from rq_scheduler import Scheduler

from bookings.queues import connection
from bookings.tasks import nightly_cleanup

SCHEDULES = [
    ("bookings.nightly_cleanup", "30 2 * * *", nightly_cleanup),
]


class Command(BaseCommand):
    help = "(Re)register rq-scheduler cron jobs"

    def handle(self, *args, **options):
        scheduler = Scheduler(queue_name="maintenance", connection=connection())
        for job in scheduler.get_jobs():
            if job.id in {s[0] for s in SCHEDULES}:
                scheduler.cancel(job)
        for job_id, cron, func in SCHEDULES:
            scheduler.cron(cron, func=func, id=job_id, queue_name="maintenance",
                           result_ttl=7 * 86400)
            self.stdout.write(f"registered {job_id} ({cron})")
