import json

import pytest

from order_events.handlers import OrderEvent, apply_event
from order_events.store import MemoryStore


def _event(kind, **data):
    return OrderEvent.from_bytes(json.dumps(
        {"id": "evt-1", "type": kind, "order_id": "ord-42", "data": data}
    ).encode())


def test_created_then_paid():
    store = MemoryStore()
    assert apply_event(_event("order.created", items=[{"sku": "A1"}]), store)
    assert apply_event(_event("order.paid", paid_at="2026-11-30T10:00:00Z"), store)
    assert store.docs["ord-42"]["status"] == "ready_to_pick"
    assert store.docs["ord-42"]["items"] == [{"sku": "A1"}]


def test_unknown_type_is_skipped():
    store = MemoryStore()
    assert not apply_event(_event("order.viewed"), store)
    assert store.docs == {}


def test_malformed_raises():
    with pytest.raises(KeyError):
        OrderEvent.from_bytes(b'{"id": "x"}')
