import base64
import json

from classifier import server


async def test_push_acks_on_success(aiohttp_client, monkeypatch):
    async def fake_classify(client, text):
        return {"label": "bug", "confidence": 0.9}

    saved = {}

    async def fake_save(self, fid, result):
        saved[fid] = result

    monkeypatch.setattr(server, "classify", fake_classify)
    monkeypatch.setattr("classifier.store.ResultStore.save", fake_save)
    client = await aiohttp_client(server.make_app())
    data = base64.b64encode(json.dumps({"feedback_id": "f1", "text": "app crashes"}).encode()).decode()
    resp = await client.post("/pubsub/push", json={"message": {"data": data, "messageId": "1"}, "subscription": "s"})
    assert resp.status == 204
    assert saved["f1"]["label"] == "bug"
