import base64
import json

import pytest

from docingest import app as app_module
from docingest.pipeline import IngestResult


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setattr(app_module, "ingest_document", lambda b, n: IngestResult(pages=3, chars=120))
    return app_module.create_app().test_client()


def envelope(event, attempt=1):
    return {
        "message": {
            "data": base64.b64encode(json.dumps(event).encode()).decode(),
            "messageId": "123",
            "attributes": {"customer_id": "c-1"},
        },
        "subscription": "projects/p/subscriptions/s",
        "deliveryAttempt": attempt,
    }


def test_push_ok(client):
    r = client.post("/pubsub/push", json=envelope({"bucket": "b", "name": "x.pdf", "size": "10"}))
    assert r.status_code == 204


def test_bad_envelope(client):
    assert client.post("/pubsub/push", json={}).status_code == 400


def test_undecodable_is_dropped(client):
    env = envelope({})
    env["message"]["data"] = "!!!"
    assert client.post("/pubsub/push", json=env).status_code == 204
