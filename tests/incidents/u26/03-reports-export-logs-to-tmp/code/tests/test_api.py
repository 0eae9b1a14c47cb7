from unittest import mock

import pytest

from reports import create_app


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("LOG_FILE", str(tmp_path / "test.log"))
    app = create_app()
    app.config["TESTING"] = True
    return app.test_client()


ROW = {"account_id": 7, "account_name": "Acme", "plan": "team", "seats": 10,
       "active_users": 8, "api_calls": 1200, "storage_gb": 3.5}


def test_export_csv(client):
    with mock.patch("reports.queries.usage_by_account", return_value=[ROW]):
        resp = client.get("/api/exports/usage.csv?month=2026-10")
    assert resp.status_code == 200
    assert resp.data.decode().splitlines()[0].startswith("account_id,account_name")


def test_bad_month(client):
    assert client.get("/api/exports/usage.csv?month=oct").status_code == 400


def test_summary(client):
    with mock.patch("reports.queries.summary", return_value={"accounts": 3}):
        assert client.get("/api/usage/summary?month=2026-10").json == {"accounts": 3}
