from unittest import mock

from fastapi.testclient import TestClient


def test_healthz():
    with mock.patch("order_events.main.FirestoreStore"), \
         mock.patch("order_events.main.OrderEventsConsumer") as consumer_cls:
        consumer_cls.return_value.processed = 3
        from order_events.main import app

        with TestClient(app) as client:
            resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json()["status"] == "ok"
