from unittest import mock

from fastapi.testclient import TestClient

with mock.patch("app.summarize.anthropic.Anthropic"):
    from app.main import app

client = TestClient(app)


@mock.patch("app.main.summarise_transcript")
@mock.patch("app.main.store")
def test_submit_returns_202(store, summarise):
    r = client.post("/v1/transcripts", json={"title": "standup", "text": "hi"}, headers={"x-user-id": "u1"})
    assert r.status_code == 202
    assert r.json()["status"] == "processing"
    summarise.assert_called_once()


@mock.patch("app.main.store")
def test_status_hides_other_users(store):
    store.get.return_value = {"owner": "u2", "status": "done"}
    r = client.get("/v1/transcripts/abc", headers={"x-user-id": "u1"})
    assert r.status_code == 404
