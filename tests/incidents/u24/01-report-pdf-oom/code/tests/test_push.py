import base64
import json

from fastapi.testclient import TestClient

import reportsvc.main as main


def _envelope(payload, attempt=1):
    return {
        "message": {
            "data": base64.b64encode(json.dumps(payload).encode()).decode(),
            "attributes": {},
            "messageId": "1234",
            "publishTime": "2026-12-01T06:00:00Z",
        },
        "subscription": "projects/acme-billing-prod/subscriptions/reportsvc-push",
        "deliveryAttempt": attempt,
    }


def test_push_renders_and_uploads(monkeypatch):
    uploaded = {}
    monkeypatch.setattr(main, "fetch_line_items", lambda *a: [])
    monkeypatch.setattr(main, "upload_pdf", lambda path, data: uploaded.setdefault(path, data) and f"gs://b/{path}")
    monkeypatch.setattr(main, "notify_ready", lambda *a: None)
    monkeypatch.setattr(main, "mark_delivered", lambda *a: None)
    client = TestClient(main.app)
    r = client.post("/pubsub/push", json=_envelope({
        "report_id": "r-1", "account_id": "acct-1", "account_name": "Example",
        "period_start": "2026-11-01", "period_end": "2026-11-30",
    }))
    assert r.status_code == 204
    assert "statements/2026/11/acct-1/r-1.pdf" in uploaded


def test_bad_message_is_acked():
    client = TestClient(main.app)
    env = _envelope({})
    env["message"]["data"] = base64.b64encode(b"not json").decode()
    assert client.post("/pubsub/push", json=env).status_code == 204
