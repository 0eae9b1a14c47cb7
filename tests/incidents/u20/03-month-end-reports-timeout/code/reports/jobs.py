import io
import logging
from collections import defaultdict
from datetime import datetime, timezone

import django_rq
from django.conf import settings
from django.db.models import Sum
from openpyxl import Workbook

from reports.models import LedgerEntry, Report

logger = logging.getLogger("reports")


def _period_bounds(period: str):
    year, month = map(int, period.split("-"))
    start = datetime(year, month, 1, tzinfo=timezone.utc)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=timezone.utc)
    return start, end


def _upload(path: str, data: bytes) -> str:
    from google.cloud import storage

    bucket = storage.Client().bucket(settings.REPORTS_BUCKET)
    bucket.blob(path).upload_from_string(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return f"gs://{settings.REPORTS_BUCKET}/{path}"


def generate_month_end_report(report_id: int) -> dict:
    report = Report.objects.select_related("account").get(pk=report_id)
    report.status = Report.RUNNING
    report.save(update_fields=["status"])
    start, end = _period_bounds(report.period)

    entries = (
        LedgerEntry.objects.filter(account=report.account, booked_at__gte=start, booked_at__lt=end)
        .order_by("booked_at")
        .iterator(chunk_size=5000)
    )
    wb = Workbook(write_only=True)
    detail = wb.create_sheet("Entries")
    detail.append(["Booked", "Category", "Amount", "Currency", "Memo"])
    totals = defaultdict(lambda: 0)
    rows = 0
    for e in entries:
        detail.append([e.booked_at.replace(tzinfo=None), e.category, e.amount, e.currency, e.memo])
        totals[(e.category, e.currency)] += e.amount
        rows += 1

    summary = wb.create_sheet("Summary")
    summary.append(["Category", "Currency", "Total"])
    for (category, currency), total in sorted(totals.items()):
        summary.append([category, currency, total])
    opening = (
        LedgerEntry.objects.filter(account=report.account, booked_at__lt=start).aggregate(s=Sum("amount"))["s"]
        or 0
    )
    summary.append(["Opening balance", "", opening])

    buf = io.BytesIO()
    wb.save(buf)
    path = f"{report.account.code}/{report.period}/month-end.xlsx"
    report.gcs_path = _upload(path, buf.getvalue())
    report.rows = rows
    report.status = Report.DONE
    report.finished_at = datetime.now(timezone.utc)
    report.save(update_fields=["gcs_path", "rows", "status", "finished_at"])
    logger.info("month-end report %s for %s %s: %d rows", report.pk, report.account.code, report.period, rows)
    from reports.notifications import send_report_ready_email

    django_rq.enqueue(send_report_ready_email, report.pk)
    return {"report": report.pk, "rows": rows, "path": report.gcs_path}
