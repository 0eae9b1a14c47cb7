from fastapi.testclient import TestClient

from clauses.main import app


def test_short_clause_rejected():
    with TestClient(app) as client:
        r = client.post("/v1/explain", json={"clause": "too short"})
    assert r.status_code == 422
