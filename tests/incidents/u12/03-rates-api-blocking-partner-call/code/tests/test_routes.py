from fastapi.testclient import TestClient

from rates.main import app

client = TestClient(app)


def test_products_lists_catalog():
    r = client.get("/products")
    assert r.status_code == 200
    assert {p["sku"] for p in r.json()} >= {"PAL-EU-STD", "CTR-20-DRY"}


def test_quote_rejects_overweight():
    r = client.post("/quotes", json={"sku": "PCL-XL", "origin": "NLRTM", "destination": "DEHAM", "weight_kg": 40})
    assert r.status_code == 422
