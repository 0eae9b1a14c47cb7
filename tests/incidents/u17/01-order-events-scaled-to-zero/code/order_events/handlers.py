import json
import logging
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

HANDLED_TYPES = {"order.created", "order.paid", "order.cancelled"}


class FulfillmentStore(Protocol):
    def upsert(self, order_id: str, fields: dict) -> None: ...


@dataclass(frozen=True)
class OrderEvent:
    event_id: str
    event_type: str
    order_id: str
    payload: dict

    @classmethod
    def from_bytes(cls, data: bytes) -> "OrderEvent":
        body = json.loads(data)
        return cls(
            event_id=body["id"],
            event_type=body["type"],
            order_id=body["order_id"],
            payload=body.get("data", {}),
        )


def apply_event(event: OrderEvent, store: FulfillmentStore) -> bool:
    if event.event_type not in HANDLED_TYPES:
        log.debug("skipping %s (%s)", event.event_id, event.event_type)
        return False
    if event.event_type == "order.created":
        store.upsert(event.order_id, {"status": "awaiting_payment",
                                      "items": event.payload.get("items", [])})
    elif event.event_type == "order.paid":
        store.upsert(event.order_id, {"status": "ready_to_pick",
                                      "paid_at": event.payload.get("paid_at")})
    elif event.event_type == "order.cancelled":
        store.upsert(event.order_id, {"status": "cancelled"})
    return True
