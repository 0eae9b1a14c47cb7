import os

os.environ.setdefault("CHAT_MODEL", "claude-sonnet-4-6")

from supportchat.app import create_app  # noqa: E402


async def test_healthz(aiohttp_client):
    client = await aiohttp_client(create_app())
    resp = await client.get("/healthz")
    assert resp.status == 200


async def test_rejects_empty_message(aiohttp_client):
    client = await aiohttp_client(create_app())
    resp = await client.post("/v1/chat/stream", json={"message": " "})
    assert resp.status == 400
