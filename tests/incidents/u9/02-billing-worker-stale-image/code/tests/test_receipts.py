from types import SimpleNamespace

from billing.tasks.receipts import render


def test_render_receipt_has_invoice_and_total():
    order = SimpleNamespace(id=991, customer_email="ana@example.org", invoice_number="QF-202612-000991",
                            currency="GBP", total="42.50")
    mail = render(order)
    assert mail["To"] == "ana@example.org"
    assert "QF-202612-000991" in mail["TextBody"]
    assert "GBP 42.50" in mail["TextBody"]
