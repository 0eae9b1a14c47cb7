"""Background jobs run by the rq workers (queue "billing")."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select, update

from .db import engine, orders, payouts

log = logging.getLogger(__name__)


def assign_invoice_number(order_id: int) -> str:
    with engine().begin() as conn:
        row = conn.execute(select(orders.c.id, orders.c.invoice_number)
                           .where(orders.c.id == order_id)).one()
        if row.invoice_number:
            return row.invoice_number
        number = f"QF-{dt.date.today():%Y%m}-{order_id:06d}"
        conn.execute(update(orders).where(orders.c.id == order_id)
                     .values(invoice_number=number))
    log.info("order %s invoice %s", order_id, number)
    return number


def record_payout(provider_ref: str, amount: str, settled_on: str) -> int:
    with engine().begin() as conn:
        existing = conn.execute(select(payouts.c.id)
                                .where(payouts.c.provider_ref == provider_ref)).first()
        if existing:
            return existing.id
        result = conn.execute(payouts.insert().values(
            provider_ref=provider_ref, amount=amount, settled_on=settled_on))
        return result.inserted_primary_key[0]
