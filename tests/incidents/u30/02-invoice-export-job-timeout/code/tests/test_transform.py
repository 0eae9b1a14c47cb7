from datetime import datetime, timezone

from invoice_export.transform import to_row


def inv(**kw):
    base = {"id": 1, "number": "INV-1", "account_id": 7, "issued_at": datetime(2026, 12, 1, 9, tzinfo=timezone.utc),
            "currency": "USD", "net_amount": 100, "tax_amount": 19, "status": "issued", "country": "DE",
            "segment": "smb"}
    base.update(kw)
    return base


def test_gross_in_eur():
    assert to_row(inv())["gross_eur"] == "112.59"


def test_unknown_currency_has_no_eur_amount():
    assert to_row(inv(currency="NOK"))["gross_eur"] is None
