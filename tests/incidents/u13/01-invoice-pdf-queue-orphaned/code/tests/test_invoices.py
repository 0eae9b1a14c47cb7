from decimal import Decimal

from ledgerly.jobs.invoices import _total


def test_total_sums_lines():
    lines = [{"qty": 2, "unit_price": "9.99"}, {"qty": 1, "unit_price": "0.02"}]
    assert _total(lines) == Decimal("20.00")


def test_total_empty():
    assert _total([]) == Decimal("0")
