import logging

from django.db import IntegrityError, transaction

from .models import Order, ProcessedMessage

log = logging.getLogger(__name__)

TRANSITIONS = {
    "order.created": "created",
    "order.paid": "paid",
    "order.shipped": "shipped",
    "order.cancelled": "cancelled",
}


class UnknownEvent(Exception):
    pass


def apply_event(message_id: str, event: dict) -> bool:
    """Apply one order event. Returns False when the message was already processed."""
    kind = event.get("type")
    if kind not in TRANSITIONS:
        raise UnknownEvent(kind)
    with transaction.atomic():
        try:
            ProcessedMessage.objects.create(message_id=message_id)
        except IntegrityError:
            return False
        order, _ = Order.objects.select_for_update().get_or_create(
            external_id=event["order_id"],
            defaults={"total_cents": event.get("total_cents", 0), "currency": event.get("currency", "EUR")},
        )
        order.status = TRANSITIONS[kind]
        if "total_cents" in event:
            order.total_cents = event["total_cents"]
        order.save()
    return True
