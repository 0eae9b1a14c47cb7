import io
import logging
import os

from google.cloud import storage
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from . import ledger, store

log = logging.getLogger("render")
BUCKET = os.environ.get("STATEMENTS_BUCKET", "harbourpay-statements")


def render_report(report_id: str, account_id: str, month: str) -> None:
    store.update(report_id, status="rendering")
    pages = ledger.statement_pages(account_id, month)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    for n, page in enumerate(pages, start=1):
        y = 800
        for line in page:
            pdf.drawString(40, y, line)
            y -= 14
        pdf.showPage()
        if n % 5 == 0:
            store.update(report_id, pages_done=n)
            log.info("page rendered", extra={"kv": {"report_id": report_id, "page": n, "of": len(pages)}})
    pdf.save()
    blob = storage.Client().bucket(BUCKET).blob(f"{account_id}/{month}/{report_id}.pdf")
    blob.upload_from_string(buf.getvalue(), content_type="application/pdf")
    store.update(report_id, status="ready", pages_done=len(pages), path=blob.name)
    log.info("report ready", extra={"kv": {"report_id": report_id, "pages": len(pages)}})
