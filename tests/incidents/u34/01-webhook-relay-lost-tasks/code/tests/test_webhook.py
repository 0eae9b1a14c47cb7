import hashlib
import hmac
import json

from relay import app as relay_app, settings


def _sign(body: bytes) -> str:
    return hmac.new(settings.WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()


async def test_bad_signature_rejected(aiohttp_client):
    client = await aiohttp_client(relay_app.create_app())
    resp = await client.post("/webhooks/payments", data=b"{}", headers={"X-Signature": "nope"})
    assert resp.status == 401


async def test_event_accepted(aiohttp_client, monkeypatch):
    client = await aiohttp_client(relay_app.create_app())
    calls = []

    async def fake_post(self, event):
        calls.append(event["id"])

    monkeypatch.setattr("relay.ledger.LedgerClient.post_event", fake_post)
    body = json.dumps({"id": "evt_1", "type": "charge.succeeded"}).encode()
    resp = await client.post("/webhooks/payments", data=body, headers={"X-Signature": _sign(body)})
    assert resp.status == 202
