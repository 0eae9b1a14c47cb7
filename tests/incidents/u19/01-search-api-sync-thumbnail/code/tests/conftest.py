import json

import pytest

from catalog_search.app import create_app


@pytest.fixture
def products_file(tmp_path):
    path = tmp_path / "products.jsonl"
    rows = [
        {"id": "100001", "title": "Nordvik rain jacket navy", "brand": "Nordvik", "price": 129.0},
        {"id": "100002", "title": "Aster trail shoe black", "brand": "Aster", "price": 99.5},
        {"id": "100003", "title": "Kobo backpack 30l olive", "brand": "Kobo", "price": 74.0},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


@pytest.fixture
async def client(aiohttp_client, products_file, monkeypatch):
    monkeypatch.setenv("INDEX_PATH", str(products_file))
    monkeypatch.setenv("THUMBNAILER_URL", "http://thumbnailer.test")
    app = await create_app()
    return await aiohttp_client(app)
