import datetime as dt
from decimal import Decimal

from reportsvc.data import LineItem
from reportsvc.render import render_statement


def _items(n):
    return [
        LineItem(
            invoice_id=f"INV-{i:06d}",
            issued=dt.date(2026, 11, 1 + i % 28),
            sku="API-CALLS",
            description="Metered API calls, standard tier",
            quantity=1000,
            unit_price=Decimal("0.0040"),
            amount=Decimal("4.00"),
        )
        for i in range(n)
    ]


def test_render_small_statement():
    pdf = render_statement("Example Co", "2026-11-01 to 2026-11-30", _items(30))
    assert pdf.startswith(b"%PDF")


def test_render_empty_statement():
    pdf = render_statement("Example Co", "2026-11-01 to 2026-11-30", [])
    assert pdf.startswith(b"%PDF")
