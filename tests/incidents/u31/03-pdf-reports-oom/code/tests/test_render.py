from datetime import date, datetime

from app.render import statement_pdf


def _rows(n):
    return [{
        "booked_at": datetime(2026, 11, 1 + i % 28, 12, 0),
        "reference": f"TX{i:08d}",
        "counterparty": "ACME GmbH",
        "description": "Invoice payment",
        "currency": "EUR",
        "amount_minor": 1999,
        "balance_minor": 100000 + i,
    } for i in range(n)]


def test_statement_pdf_small():
    acct = {"id": "acc_1", "legal_name": "Test Ltd", "iban": "DE00 0000", "currency": "EUR"}
    pdf, pages = statement_pdf(acct, date(2026, 11, 1), date(2026, 12, 1), _rows(40))
    assert pdf.startswith(b"%PDF")
    assert pages >= 1
