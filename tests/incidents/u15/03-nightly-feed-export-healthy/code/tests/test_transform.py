import json

import pytest
import requests

from feedexport import transform


class _Resp:
    def __init__(self, status, body):
        self.status_code, self._body = status, body

    def json(self):
        return self._body

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(self.status_code)


def test_price_event_needs_no_stock(monkeypatch):
    monkeypatch.setattr(transform, "stock_for", lambda sku: pytest.fail("no lookup expected"))
    row = transform.to_feed_row(json.dumps({"sku": "A1", "type": "price", "price": "9.90"}).encode(), {})
    assert row["price"] == {"value": "9.90", "currency": "EUR"}


def test_timeout_is_retryable(monkeypatch):
    def boom(*a, **kw):
        raise requests.ReadTimeout("read timed out")
    monkeypatch.setattr(transform._session, "get", boom)
    with pytest.raises(transform.Retryable):
        transform.stock_for("A1")


def test_stock_mapping(monkeypatch):
    monkeypatch.setattr(transform._session, "get", lambda *a, **kw: _Resp(200, {"available": 0}))
    row = transform.to_feed_row(json.dumps({"sku": "B2", "type": "stock", "price": "1"}).encode(), {})
    assert row["availability"] == "out_of_stock"
