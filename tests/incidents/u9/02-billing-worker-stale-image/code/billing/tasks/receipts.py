"""Receipt e-mails, moved out of billing.jobs in 2.14."""

from __future__ import annotations

import datetime as dt
import logging

import requests
from sqlalchemy import select, update

from .. import config
from ..db import engine, orders

log = logging.getLogger(__name__)

TEMPLATE = """Thank you for your order at Quill & Fern.

Order #{id}
Invoice {invoice}
Total {currency} {total}

Keep this e-mail as your receipt."""


def render(order) -> dict:
    return {
        "From": config.MAIL_FROM,
        "To": order.customer_email,
        "Subject": f"Your Quill & Fern receipt (order #{order.id})",
        "TextBody": TEMPLATE.format(id=order.id, invoice=order.invoice_number or "-",
                                    currency=order.currency, total=order.total),
        "MessageStream": "receipts",
    }


def send(order_id: int) -> str:
    with engine().connect() as conn:
        order = conn.execute(select(orders).where(orders.c.id == order_id)).one()
    if order.receipt_sent_at is not None:
        return "already-sent"
    response = requests.post(
        config.MAIL_API_URL,
        json=render(order),
        headers={"X-Postmark-Server-Token": config.MAIL_API_TOKEN,
                 "Accept": "application/json"},
        timeout=15,
    )
    response.raise_for_status()
    with engine().begin() as conn:
        conn.execute(update(orders).where(orders.c.id == order_id)
                     .values(receipt_sent_at=dt.datetime.now(dt.timezone.utc)))
    return response.json().get("MessageID", "")
