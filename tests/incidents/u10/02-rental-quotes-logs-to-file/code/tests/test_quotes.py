import pytest

from quotes import create_app


@pytest.fixture()
def client(tmp_path, monkeypatch):
    from quotes import settings

    monkeypatch.setattr(settings, "LOG_DIR", str(tmp_path))
    return create_app().test_client()


def test_round_trip_quote(client):
    r = client.post("/v1/quotes", json={"pickup": "EDI-WAV", "bike_class": "ebike", "start": "2026-11-10", "days": 3})
    assert r.status_code == 200
    assert r.get_json()["total"] == "86.70"


def test_one_way_fee_between_zones(client):
    r = client.post(
        "/v1/quotes",
        json={"pickup": "YRK-STN", "dropoff": "LDN-KGX", "start": "2026-10-02", "days": 2},
    )
    assert r.get_json()["one_way_fee"] == "35.00"


def test_days_out_of_range(client):
    r = client.post("/v1/quotes", json={"pickup": "EDI-WAV", "start": "2026-11-10", "days": 40})
    assert r.status_code == 400
