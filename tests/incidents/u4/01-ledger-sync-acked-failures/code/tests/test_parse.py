import json
from types import SimpleNamespace

import pytest

from ledger_sync.handlers import parse


def _msg(payload):
    return SimpleNamespace(data=json.dumps(payload).encode(), message_id="1")


def test_parse_ok():
    ev = {"settlement_id": "st_1", "merchant_id": "m_9", "amount_minor": 1250,
          "currency": "EUR", "booked_at": "2025-11-03T10:00:00Z"}
    assert parse(_msg(ev)) == ev


def test_parse_missing_field():
    with pytest.raises(ValueError):
        parse(_msg({"settlement_id": "st_1"}))
