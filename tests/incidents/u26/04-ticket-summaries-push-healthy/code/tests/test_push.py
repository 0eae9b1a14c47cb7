import base64
import json
from types import SimpleNamespace
from unittest import mock

from fastapi.testclient import TestClient

from summarizer import main


def _envelope(payload: dict) -> dict:
    return {
        "message": {"data": base64.b64encode(json.dumps(payload).encode()).decode(), "messageId": "1"},
        "subscription": "projects/p/subscriptions/s",
    }


def test_push_stores_summary():
    reply = SimpleNamespace(
        content=[SimpleNamespace(type="text", text="- a\n- b\n- c")],
        model="claude-sonnet-4-6",
        usage=SimpleNamespace(input_tokens=100, output_tokens=30),
    )
    with mock.patch("summarizer.llm.summarise", mock.AsyncMock(return_value=reply)), \
         mock.patch("summarizer.store.save_summary", mock.AsyncMock()) as save:
        resp = TestClient(main.app).post("/pubsub/ticket-updated", json=_envelope({"ticket_id": "T-1", "subject": "s", "body": "b"}))
    assert resp.status_code == 204
    save.assert_awaited_once()


def test_bad_data_is_dropped():
    env = {"message": {"data": "!!!", "messageId": "2"}, "subscription": "s"}
    assert TestClient(main.app).post("/pubsub/ticket-updated", json=env).status_code == 204
