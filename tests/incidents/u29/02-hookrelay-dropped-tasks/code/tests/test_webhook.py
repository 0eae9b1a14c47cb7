import base64
import hashlib
import hmac
import json

import pytest

from hookrelay import app as app_module
from hookrelay import settings


def _sign(body: bytes) -> str:
    return base64.b64encode(hmac.new(b"s3cret", body, hashlib.sha256).digest()).decode()


@pytest.fixture
async def client(aiohttp_client, monkeypatch):
    monkeypatch.setattr(settings, "SHOPIFY_WEBHOOK_SECRET", "s3cret")
    calls = []

    async def fake_process(shopify, fulfilment, event):
        calls.append(event)

    monkeypatch.setattr(app_module, "process", fake_process)
    c = await aiohttp_client(app_module.create_app())
    c.calls = calls
    return c


async def test_rejects_bad_signature(client):
    c = client
    resp = await c.post("/webhooks/shopify", data=b"{}", headers={"X-Shopify-Hmac-Sha256": "nope"})
    assert resp.status == 401


async def test_accepts_order_create(client):
    c = client
    body = json.dumps({"id": 5521}).encode()
    resp = await c.post(
        "/webhooks/shopify",
        data=body,
        headers={
            "X-Shopify-Hmac-Sha256": _sign(body),
            "X-Shopify-Topic": "orders/create",
            "X-Shopify-Webhook-Id": "wh-1",
        },
    )
    assert resp.status == 202
    assert (await resp.json()) == {"accepted": "wh-1"}


async def test_ignores_other_topics(client):
    c = client
    body = b'{"id": 1}'
    resp = await c.post(
        "/webhooks/shopify",
        data=body,
        headers={"X-Shopify-Hmac-Sha256": _sign(body), "X-Shopify-Topic": "customers/update"},
    )
    assert resp.status == 200
