from catalog_sync.transform import to_document

PRODUCT = {
    "identifier": "BW-004512",
    "enabled": True,
    "categories": ["bakery", "bread"],
    "updated": "2026-12-01T21:04:11+00:00",
    "values": {
        "name": [{"locale": "en_GB", "scope": None, "data": "Seeded Sourdough 800g"}],
        "brand": [{"locale": None, "scope": None, "data": "Brightwell Bakery"}],
        "price": [{"locale": None, "scope": "web", "data": [{"amount": "2.45", "currency": "GBP"}]}],
    },
}


def test_document_fields():
    doc = to_document(PRODUCT)
    assert doc["id"] == "BW-004512"
    assert doc["name"] == "Seeded Sourdough 800g"
    assert doc["brand"] == "Brightwell Bakery"
    assert doc["price"] == 2.45


def test_missing_price():
    doc = to_document({"identifier": "X", "values": {}})
    assert doc["price"] is None and doc["name"] == ""
