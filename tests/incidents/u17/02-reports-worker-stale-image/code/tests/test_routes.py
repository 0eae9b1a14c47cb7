from unittest import mock

import pytest

from web import create_app


@pytest.fixture
def client():
    return create_app().test_client()


def test_quarterly_enqueues_v2(client):
    with mock.patch("web.routes.get_queue") as gq:
        gq.return_value.enqueue.return_value.id = "abc"
        resp = client.post("/api/reports/quarterly",
                           json={"account_id": 7, "year": 2026, "quarter": 3})
    assert resp.status_code == 202
    func = gq.return_value.enqueue.call_args.args[0]
    assert func.__name__ == "render_quarterly_v2"


def test_quarterly_rejects_bad_quarter(client):
    resp = client.post("/api/reports/quarterly",
                       json={"account_id": 7, "year": 2026, "quarter": 5})
    assert resp.status_code == 400
