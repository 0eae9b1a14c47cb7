import base64
import json

from notifier import create_app


class FakeClient:
    def __init__(self):
        self.sent = []

    def send(self, channel, to, template, params, idempotency_key):
        self.sent.append((channel, to, template, idempotency_key))
        return "msg_1"


def envelope(event, mid="123"):
    return {"message": {"data": base64.b64encode(json.dumps(event).encode()).decode(), "messageId": mid},
            "subscription": "projects/p/subscriptions/s"}


EVENT = {"shipment_id": "sh-1", "status": "out_for_delivery", "tracking_no": "PW123",
         "contact": {"phone": "+4915100000", "email": "a@example.com"}}


def test_sends_sms_and_acks():
    fake = FakeClient()
    app = create_app(fake)
    r = app.test_client().post("/pubsub/push", json=envelope(EVENT))
    assert r.status_code == 204
    assert fake.sent == [("sms", "+4915100000", "shipment-out-for-delivery-v3", "123")]


def test_ignores_untracked_status():
    fake = FakeClient()
    r = create_app(fake).test_client().post("/pubsub/push", json=envelope(dict(EVENT, status="label_created")))
    assert r.status_code == 204 and fake.sent == []


def test_bad_envelope():
    assert create_app(FakeClient()).test_client().post("/pubsub/push", json={}).status_code == 400
