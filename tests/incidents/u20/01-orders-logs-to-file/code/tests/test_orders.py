from decimal import Decimal

import httpx

from orders import notifications
from orders.models import LineItem, Order


def make_order() -> Order:
    return Order(
        customer_email="ada@example.com",
        customer_name="Ada",
        shipping_address="1 Main St",
        items=[LineItem(sku="MUG-01", quantity=2, unit_price=Decimal("12.50"))],
    )


def test_total():
    assert make_order().total == Decimal("25.00")


def test_render_confirmation():
    payload = notifications.render_confirmation(make_order())
    assert payload["template"] == "order-confirmation-v3"
    assert payload["vars"]["total"] == "25.00"


def test_send_confirmation_failure_returns_false(monkeypatch):
    def boom(*a, **kw):
        raise httpx.ConnectError("no route")

    monkeypatch.setattr(notifications.httpx, "post", boom)
    assert notifications.send_order_confirmation(make_order()) is False
