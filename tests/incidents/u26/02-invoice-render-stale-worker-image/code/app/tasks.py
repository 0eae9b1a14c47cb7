import logging
import os

from google.cloud import storage
from sqlalchemy import text

from app import db

log = logging.getLogger(__name__)


def send_receipt_email(payment_id: int) -> None:
    with db.connect() as conn:
        payment = conn.execute(text("SELECT * FROM payments WHERE id = :id"), {"id": payment_id}).mappings().one()
    log.info("receipt for payment %s queued to %s", payment_id, payment["email"])


def sync_to_ledger(invoice_id: int) -> None:
    with db.connect() as conn:
        conn.execute(text("UPDATE invoices SET ledger_synced_at = now() WHERE id = :id"), {"id": invoice_id})
    log.info("invoice %s synced", invoice_id)


def render_invoice(invoice_id: int) -> str:
    from flask import render_template
    from weasyprint import HTML

    with db.connect() as conn:
        invoice = db.load_invoice(conn, invoice_id)
    html = render_template("invoice.html", invoice=invoice)
    pdf = HTML(string=html).write_pdf()
    bucket = storage.Client().bucket(os.environ.get("INVOICE_BUCKET", "tallybook-invoices-dev"))
    blob = bucket.blob(f"{invoice['account_id']}/{invoice['number']}.pdf")
    blob.upload_from_string(pdf, content_type="application/pdf")
    with db.connect() as conn:
        conn.execute(text("UPDATE invoices SET pdf_path = :p WHERE id = :id"), {"p": blob.name, "id": invoice_id})
    return blob.name
