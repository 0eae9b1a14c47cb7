from fastapi.testclient import TestClient

from summarizer.main import app


def test_healthz():
    client = TestClient(app)
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["ok"] is True


def test_rejects_empty_thread():
    client = TestClient(app)
    r = client.post("/v1/summaries", json={"ticket_id": "T-1", "messages": []})
    assert r.status_code == 422
