import csv
import logging
import os

from django.conf import settings
from django.utils import timezone

from reports.models import ReportRequest
from reports.builders import BUILDERS

log = logging.getLogger(__name__)


def generate_report(request_id: int) -> str:
    req = ReportRequest.objects.get(pk=request_id)
    req.status = ReportRequest.Status.RUNNING
    req.save(update_fields=["status"])

    builder = BUILDERS[req.kind]
    rows = builder(**req.params)

    os.makedirs(settings.REPORTS_BUCKET_DIR, exist_ok=True)
    path = os.path.join(settings.REPORTS_BUCKET_DIR, f"{req.kind}-{req.pk}.csv")
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow(row)

    req.status = ReportRequest.Status.DONE
    req.output_path = path
    req.finished_at = timezone.now()
    req.save(update_fields=["status", "output_path", "finished_at"])
    log.info("report %s (%s) written to %s", req.pk, req.kind, path)
    return path
