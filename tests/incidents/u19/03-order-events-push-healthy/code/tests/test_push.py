import base64
import json
from unittest import mock

from django.db import OperationalError
from django.test import TestCase

from events.models import Order


def envelope(event, message_id="1001"):
    data = base64.b64encode(json.dumps(event).encode()).decode()
    return json.dumps({
        "message": {"data": data, "messageId": message_id, "attributes": {}},
        "subscription": "projects/p/subscriptions/order-events-push",
    })


class PushTests(TestCase):
    def post(self, body):
        return self.client.post("/pubsub/order-events", body, content_type="application/json")

    def test_applies_event(self):
        resp = self.post(envelope({"type": "order.paid", "order_id": "A-1", "total_cents": 4200}))
        self.assertEqual(resp.status_code, 204)
        self.assertEqual(Order.objects.get(external_id="A-1").status, "paid")

    def test_duplicate_is_acked(self):
        body = envelope({"type": "order.paid", "order_id": "A-2"})
        self.assertEqual(self.post(body).status_code, 204)
        self.assertEqual(self.post(body).status_code, 204)

    def test_malformed_is_acked(self):
        self.assertEqual(self.post("{not json").status_code, 204)

    def test_db_error_asks_for_redelivery(self):
        with mock.patch("events.views.apply_event", side_effect=OperationalError("boom")):
            resp = self.post(envelope({"type": "order.paid", "order_id": "A-3"}))
        self.assertEqual(resp.status_code, 500)
