import json
from unittest import mock

from pricesync.main import Counters, make_callback


class FakeMessage:
    def __init__(self, data, message_id="1"):
        self.data = data
        self.message_id = message_id
        self.acked = self.nacked = False

    def ack(self):
        self.acked = True

    def nack(self):
        self.nacked = True


def good():
    return json.dumps({"supplier_id": "S1", "sku": "A", "cost": "1.00", "effective_at": "2026-12-01T00:00:00+00:00"}).encode()


def test_applied_message_is_acked():
    store = mock.Mock()
    store.upsert.return_value = True
    c = Counters()
    m = FakeMessage(good())
    make_callback(store, c)(m)
    assert m.acked and c.applied == 1


def test_invalid_message_is_acked_and_counted():
    c = Counters()
    m = FakeMessage(b"not json")
    make_callback(mock.Mock(), c)(m)
    assert m.acked and c.invalid == 1


def test_db_error_nacks():
    store = mock.Mock()
    store.upsert.side_effect = RuntimeError("connection lost")
    c = Counters()
    m = FakeMessage(good())
    make_callback(store, c)(m)
    assert m.nacked and c.errors == 1
