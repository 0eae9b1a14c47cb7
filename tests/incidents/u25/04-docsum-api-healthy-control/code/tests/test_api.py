from fastapi.testclient import TestClient

from docsum import api


def test_short_summary(monkeypatch):
    async def fake(text, style):
        return "short"

    monkeypatch.setattr(api, "summarize_short", fake)
    client = TestClient(api.app)
    resp = client.post("/v1/summaries", json={"text": "hello world"})
    assert resp.json() == {"status": "done", "summary": "short"}


def test_bad_style():
    client = TestClient(api.app)
    assert client.post("/v1/summaries", json={"text": "x", "style": "haiku"}).status_code == 422
