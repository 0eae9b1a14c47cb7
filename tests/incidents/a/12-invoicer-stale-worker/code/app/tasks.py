import logging
import os

from google.cloud import storage

from . import db
from .mailer import send_mail
from .pdf import invoice_pdf

log = logging.getLogger("app.tasks")
BUCKET = os.environ.get("INVOICE_BUCKET", "invoicer-pdfs")


def send_reminder(invoice_id: int) -> None:
    inv = db.fetch_invoice(invoice_id)
    send_mail(inv["customer_email"], f"Reminder: invoice {inv['number']} is due", "reminder.txt", inv)
    db.mark_sent(invoice_id)


def render_invoice(invoice_id: int) -> str:
    inv = db.fetch_invoice(invoice_id)
    blob = storage.Client().bucket(BUCKET).blob(f"{inv['number']}.pdf")
    blob.upload_from_string(invoice_pdf(inv), content_type="application/pdf")
    log.info("rendered invoice %s", inv["number"])
    return blob.name
