import asyncio

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from orders import config
from orders.app import make_app


async def _partner(booked):
    async def book(request):
        booked.append((await request.json())["external_ref"])
        return web.json_response({"delivery_id": "SD-1"}, status=201)

    app = web.Application()
    app.router.add_post("/v2/deliveries", book)
    return TestServer(app)


async def test_captured_order_is_booked_with_partner():
    booked: list[str] = []
    partner = await _partner(booked)
    await partner.start_server()
    cfg = config.Config(8080, str(partner.make_url("")), "t", 5.0, "INFO")
    async with TestClient(TestServer(make_app(cfg))) as client:
        r = await client.post(
            "/v1/orders",
            json={"order_id": "FH-1", "store_id": "LDS-04", "slot": "x", "lines": [{"sku": "a", "qty": 1}]},
        )
        assert r.status == 202
        r = await client.post("/v1/webhooks/payments", json={"type": "payment.captured", "order_id": "FH-1", "id": "cap_1"})
        assert (await r.json())["pending"] is True
        for _ in range(50):
            if booked:
                break
            await asyncio.sleep(0.02)
    await partner.close()
    assert booked == ["FH-1"]


async def test_order_without_lines_is_rejected():
    cfg = config.Config(8080, "http://127.0.0.1:1", "t", 5.0, "INFO")
    async with TestClient(TestServer(make_app(cfg))) as client:
        r = await client.post("/v1/orders", json={"order_id": "FH-2", "store_id": "LDS-04", "slot": "x", "lines": []})
        assert r.status == 422
