import gzip
import json

from catexport import feed


def _cat():
    return {
        "products": [
            {"id": 1, "sku": "MF-0000001", "title": "Oak Lamp", "description": "d", "brand": "Marlow & Finch",
             "category_path": "Home > Lighting", "gtin": "5012345678900", "weight_g": 1200},
            {"id": 2, "sku": "MF-0000002", "title": "Linen Throw", "description": "d", "brand": "Nordlys",
             "category_path": "Home > Bedroom", "gtin": "5012345678917", "weight_g": 800},
            {"id": 3, "sku": "MF-0000003", "title": "No Price", "description": "d", "brand": "Nordlys",
             "category_path": "Home", "gtin": None, "weight_g": 1},
        ],
        "prices": {1: {"list_price": "49.5", "sale_price": None}, 2: {"list_price": "60", "sale_price": "45"}},
        "stock": {1: 4, 2: 0},
        "images": {1: ["a.jpg", "b.jpg"]},
    }


def test_out_of_stock_and_unpriced_products_are_left_out():
    items = feed.build_items(_cat())
    assert [i["id"] for i in items] == ["MF-0000001"]
    assert items[0]["price"] == "49.50 GBP"
    assert items[0]["additional_image_link"] == ["b.jpg"]


def test_render_is_gzipped_json():
    data = feed.render([{"id": "x"}])
    assert json.loads(gzip.decompress(data)) == {"items": [{"id": "x"}]}
