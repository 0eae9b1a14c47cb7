import base64
import json
from unittest import mock

from moderator.app import app


def push_body(payload):
    data = base64.b64encode(json.dumps(payload).encode()).decode()
    return {"message": {"data": data, "messageId": "1"}, "subscription": "projects/p/subscriptions/s"}


def test_push_acks_with_204():
    with mock.patch("moderator.app.classify", return_value={"label": "ok", "reason": ""}), \
         mock.patch("moderator.app.save_moderation") as save:
        resp = app.test_client().post("/pubsub/push", json=push_body({"comment_id": "c1", "text": "nice"}))
    assert resp.status_code == 204
    save.assert_called_once_with("c1", "ok", "")


def test_bad_envelope_is_400():
    assert app.test_client().post("/pubsub/push", json={}).status_code == 400
