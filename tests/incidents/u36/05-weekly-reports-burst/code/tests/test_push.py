import base64
import json
from unittest import mock

import pytest

from renderer import app as app_mod


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setattr(app_mod.narrative, "make_client", lambda: mock.Mock())
    flask_app = app_mod.create_app()
    return flask_app.test_client()


def _push(data):
    return {"message": {"data": base64.b64encode(json.dumps(data).encode()).decode(), "messageId": "42"},
            "subscription": "projects/p/subscriptions/s", "deliveryAttempt": 1}


def test_skips_existing(client, monkeypatch):
    monkeypatch.setattr(app_mod.storage, "report_exists", lambda b, p: True)
    assert client.post("/pubsub/push", json=_push({"workspace_id": "ws_1", "week": "2026-W48"})).status_code == 204


def test_failure_returns_500(client, monkeypatch):
    monkeypatch.setattr(app_mod.storage, "report_exists", lambda b, p: False)
    monkeypatch.setattr(app_mod.metrics, "weekly_metrics", mock.Mock(side_effect=RuntimeError("boom")))
    assert client.post("/pubsub/push", json=_push({"workspace_id": "ws_1", "week": "2026-W48"})).status_code == 500


def test_garbage_is_dropped(client):
    assert client.post("/pubsub/push", json={"message": {"data": "!!", "messageId": "1"}}).status_code == 204
