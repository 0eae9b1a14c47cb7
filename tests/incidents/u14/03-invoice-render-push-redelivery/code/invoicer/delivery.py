import base64
import logging

import httpx

from . import settings
from .orders import Order

log = logging.getLogger(__name__)


def store(order: Order, pdf: bytes) -> str:
    name = f"invoices/{order.number}.pdf"
    if settings.INVOICE_BUCKET:
        from google.cloud import storage

        storage.Client().bucket(settings.INVOICE_BUCKET).blob(name).upload_from_string(pdf, content_type="application/pdf")
        return f"gs://{settings.INVOICE_BUCKET}/{name}"
    with open(f"/tmp/{order.number}.pdf", "wb") as fh:
        fh.write(pdf)
    return f"file:///tmp/{order.number}.pdf"


def email(order: Order, pdf: bytes) -> None:
    body = {
        "personalizations": [{"to": [{"email": order.customer_email, "name": order.customer_name}]}],
        "from": {"email": settings.MAIL_FROM, "name": "Marlow & Vane"},
        "subject": f"Your invoice for order {order.number}",
        "content": [{"type": "text/plain", "value": "Thank you for your order. Your invoice is attached."}],
        "attachments": [
            {
                "content": base64.b64encode(pdf).decode(),
                "filename": f"invoice-{order.number}.pdf",
                "type": "application/pdf",
            }
        ],
    }
    r = httpx.post(settings.MAIL_API, json=body, headers={"Authorization": f"Bearer {settings.MAIL_API_KEY}"}, timeout=20)
    r.raise_for_status()
