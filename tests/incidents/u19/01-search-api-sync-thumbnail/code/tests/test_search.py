async def test_healthz(client):
    resp = await client.get("/healthz")
    assert resp.status == 200
    assert (await resp.json()) == {"status": "ok"}


async def test_search_ranks_matches(client):
    resp = await client.get("/search", params={"q": "rain jacket"})
    body = await resp.json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == "100001"


async def test_search_bad_limit(client):
    resp = await client.get("/search", params={"q": "shoe", "limit": "lots"})
    assert resp.status == 400


async def test_unknown_product(client):
    resp = await client.get("/products/999999")
    assert resp.status == 404
