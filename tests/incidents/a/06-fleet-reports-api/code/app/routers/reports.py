import logging

import anthropic
from fastapi import APIRouter
from google.cloud import storage

from ..pdf import render_report
from ..settings import settings
from ..telemetry import fleet_rows

router = APIRouter(prefix="/reports")
log = logging.getLogger("fleet.reports")
client = anthropic.Anthropic()
gcs = storage.Client()


@router.post("/build")
def build_report(fleet_id: str, month: str):
    rows = fleet_rows(fleet_id, month)
    msg = client.messages.create(
        model=settings.anthropic_model,
        max_tokens=2000,
        messages=[{"role": "user", "content": "Write the monthly fleet narrative for this table:\n" +
                   "\n".join(",".join(r) for r in rows)}],
    )
    pdf = render_report(f"Fleet {fleet_id} - {month}", msg.content[0].text, rows)
    blob = gcs.bucket(settings.reports_bucket).blob(f"{fleet_id}/{month}.pdf")
    blob.upload_from_string(pdf, content_type="application/pdf")
    log.info("report built fleet=%s month=%s rows=%d", fleet_id, month, len(rows))
    return {"fleet_id": fleet_id, "month": month, "url": f"gs://{settings.reports_bucket}/{fleet_id}/{month}.pdf"}


@router.get("/{fleet_id}/{month}")
def get_report(fleet_id: str, month: str):
    blob = gcs.bucket(settings.reports_bucket).blob(f"{fleet_id}/{month}.pdf")
    return {"exists": blob.exists(), "url": f"gs://{settings.reports_bucket}/{fleet_id}/{month}.pdf"}
