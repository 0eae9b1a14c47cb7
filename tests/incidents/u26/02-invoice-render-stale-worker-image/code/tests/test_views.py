from unittest import mock

import pytest

from app import create_app


@pytest.fixture
def client():
    app = create_app()
    app.config["TESTING"] = True
    return app.test_client()


def test_render_enqueues(client):
    with mock.patch("rq.Queue.enqueue") as enq:
        enq.return_value.id = "abc"
        resp = client.post("/invoices/42/render")
    assert resp.status_code == 202
    assert enq.call_args.args[0] == "app.tasks.render_invoice"
    assert enq.call_args.args[1] == 42


def test_healthz(client):
    assert client.get("/healthz").data == b"ok"
