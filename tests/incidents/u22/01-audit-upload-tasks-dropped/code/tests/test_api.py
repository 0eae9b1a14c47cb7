import pytest
from fastapi.testclient import TestClient

from claims_api import audit, main, store


@pytest.fixture
def client(monkeypatch):
    uploaded = []

    async def fake_connect():
        return None

    async def fake_update(claim_id, status, adjuster_id, amount_cents):
        return {"id": claim_id, "status": status, "adjuster_id": adjuster_id, "amount_cents": amount_cents}

    async def fake_upload(event):
        uploaded.append(event)

    monkeypatch.setattr(store, "connect", fake_connect)
    monkeypatch.setattr(store, "disconnect", fake_connect)
    monkeypatch.setattr(store, "update_claim", fake_update)
    monkeypatch.setattr(audit, "upload_audit", fake_upload)
    with TestClient(main.app) as c:
        c.uploaded = uploaded
        yield c


def test_put_claim_returns_claim_and_audits(client):
    r = client.put("/claims/CLM-1", json={"status": "approved", "adjuster_id": "adj-1"})
    assert r.status_code == 200
    assert r.json()["status"] == "approved"
    assert len(client.uploaded) == 1
