from invoice_export.render import to_csv


def test_gross_is_net_plus_tax():
    out = to_csv([{"invoice_id": "INV-1", "customer_id": "C1", "issued_on": "2026-11-01",
                   "currency": "EUR", "net": 100, "tax": 19}]).decode()
    assert "119.00" in out.splitlines()[1]


def test_header_only_when_empty():
    assert to_csv([]).decode().strip() == "invoice_id,customer_id,issued_on,currency,net,tax,gross"
