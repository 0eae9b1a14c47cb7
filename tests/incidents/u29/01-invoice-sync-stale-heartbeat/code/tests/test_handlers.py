import asyncio

import pytest
import responses

from invoice_sync.handlers import Handlers
from invoice_sync.partner import LedgerlyClient, LedgerlyError

BASE = "https://ledgerly.test"


def _job(**payload):
    return {"id": "j-1", "type": "invoice.created", "payload": payload}


@responses.activate
def test_invoice_created_pushes():
    responses.post(f"{BASE}/v2/invoices", json={"id": "lg_123"})
    h = Handlers(LedgerlyClient(BASE, "t"))
    asyncio.run(
        h.dispatch(
            _job(invoice_id="inv-1", customer_id="c-1", currency="EUR", lines=[], issued_at="2026-11-30")
        )
    )
    assert responses.calls[0].request.headers["Authorization"] == "Bearer t"


@responses.activate
def test_partner_error_raises():
    responses.post(f"{BASE}/v2/credit-notes", status=422, json={"error": "bad amount"})
    h = Handlers(LedgerlyClient(BASE, "t"))
    with pytest.raises(LedgerlyError):
        asyncio.run(
            h.dispatch(
                {
                    "id": "j-2",
                    "type": "refund.issued",
                    "payload": {"refund_id": "r-1", "ledgerly_invoice_id": "lg_1", "amount": -5, "currency": "EUR"},
                }
            )
        )


def test_unknown_type_is_dropped(caplog):
    h = Handlers(LedgerlyClient(BASE, "t"))
    asyncio.run(h.dispatch({"id": "j-3", "type": "invoice.paid", "payload": {}}))
    assert "no handler" in caplog.text
