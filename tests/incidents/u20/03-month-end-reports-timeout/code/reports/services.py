import django_rq

from reports.jobs import generate_month_end_report
from reports.models import Account, Report


def enqueue_month_end(period: str) -> list[str]:
    queue = django_rq.get_queue("reports")
    job_ids = []
    for account in Account.objects.filter(active=True).order_by("code"):
        report, _ = Report.objects.get_or_create(account=account, period=period, kind="month_end")
        job = queue.enqueue(generate_month_end_report, report.pk, description=f"month-end {account.code} {period}")
        report.job_id = job.id
        report.status = Report.PENDING
        report.save(update_fields=["job_id", "status"])
        job_ids.append(job.id)
    return job_ids
