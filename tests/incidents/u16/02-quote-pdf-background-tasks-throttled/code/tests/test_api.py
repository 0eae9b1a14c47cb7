import os

os.environ.setdefault("QUOTEDESK_STORE_BACKEND", "memory")
os.environ.setdefault("QUOTEDESK_BLOB_BACKEND", "local")

from fastapi.testclient import TestClient  # noqa: E402

from quotedesk import main  # noqa: E402


class FakePricing:
    def price(self, account_id, items):
        lines = [
            {"sku": i.sku, "description": i.description, "quantity": i.quantity, "unit_cents": 10000, "total_cents": 10000 * i.quantity}
            for i in items
        ]
        return {"lines": lines, "total_cents": sum(l["total_cents"] for l in lines)}


def test_quote_becomes_ready(tmp_path, monkeypatch):
    monkeypatch.setattr(main, "pricing", FakePricing())
    client = TestClient(main.app)
    resp = client.post("/quotes", json={"account_id": "acct_1", "site_address": "1 Main St", "contact_email": "a@b.c", "items": [{"sku": "HP-3T", "quantity": 1}]})
    assert resp.status_code == 202
    qid = resp.json()["id"]
    # TestClient runs background tasks before returning
    assert client.get(f"/quotes/{qid}").json()["status"] == "ready"


def test_unknown_quote_404():
    client = TestClient(main.app)
    assert client.get("/quotes/q_nope").status_code == 404
