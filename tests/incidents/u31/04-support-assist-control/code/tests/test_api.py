from types import SimpleNamespace
from unittest import mock

from fastapi.testclient import TestClient

from app import main
from app.config import settings


def _fake_message():
    return SimpleNamespace(
        content=[SimpleNamespace(type="text", text="Hi Ana, thanks for the details...")],
        usage=SimpleNamespace(input_tokens=412, output_tokens=96),
        model="claude-sonnet-4-6",
    )


def test_draft_reply_requires_key():
    client = TestClient(main.app)
    r = client.post("/v1/draft-reply", json={"ticket_id": "1", "customer_message": "hi"})
    assert r.status_code == 401


def test_draft_reply_ok(monkeypatch):
    monkeypatch.setattr(settings, "api_keys", "helpdesk:k1")
    monkeypatch.setattr(main.claude.messages, "create", mock.AsyncMock(return_value=_fake_message()))
    with mock.patch.object(main.audit, "write_draft_audit") as write:
        client = TestClient(main.app)
        r = client.post("/v1/draft-reply", headers={"x-api-key": "k1"},
                        json={"ticket_id": "T-9", "customer_message": "Where is my parcel?"})
    assert r.status_code == 200
    assert r.json()["draft"].startswith("Hi Ana")
    write.assert_called_once()
