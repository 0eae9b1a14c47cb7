import logging

from django.core.mail import send_mail

from reports.models import Report

logger = logging.getLogger("reports")


def send_report_ready_email(report_id: int) -> None:
    report = Report.objects.select_related("account").get(pk=report_id)
    send_mail(
        subject=f"Month-end report ready: {report.account.name} {report.period}",
        message=f"The report is available at {report.gcs_path}",
        from_email="finreports@finops.example",
        recipient_list=["controlling@finops.example"],
    )
    logger.info("report-ready mail sent for report %s", report.pk)
