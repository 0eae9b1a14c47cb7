import httpx
import respx

from pricing_gateway import config


@respx.mock
def test_quote_applies_discount(client):
    respx.get(f"{config.PRICING_API_URL}/v2/customers/c-1/discounts").mock(
        return_value=httpx.Response(200, json={"discounts": [{"sku": None, "percent": 10}]})
    )
    respx.post(f"{config.INVENTORY_API_URL}/v1/availability").mock(
        return_value=httpx.Response(200, json={"items": [{"sku": "A-1", "available": 7}]})
    )
    respx.get(f"{config.PRICING_API_URL}/v2/prices/A-1").mock(
        return_value=httpx.Response(200, json={"currency": "EUR", "unit_amount": 1000, "tier": "standard"})
    )
    r = client.post("/v1/quote", json={"customer_id": "c-1", "lines": [{"sku": "A-1", "qty": 2}]})
    assert r.status_code == 200
    assert r.json()["total"] == 1800
    assert r.json()["lines"][0]["available"] == 7


@respx.mock
def test_unknown_sku_is_404(client):
    respx.get(f"{config.PRICING_API_URL}/v2/prices/NOPE").mock(return_value=httpx.Response(404))
    r = client.get("/v1/prices/NOPE")
    assert r.status_code == 404


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}
