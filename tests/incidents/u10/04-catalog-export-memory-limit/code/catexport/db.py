from __future__ import annotations

from collections import defaultdict

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from catexport import settings

PRODUCTS_SQL = text(
    """
    SELECT p.id, p.sku, p.title, p.description, p.brand, p.category_path, p.gtin,
           p.weight_g, p.status, p.updated_at
    FROM products p
    WHERE p.status = 'active'
    ORDER BY p.id
    """
)
PRICES_SQL = text("SELECT product_id, list_price, sale_price, sale_ends FROM prices")
STOCK_SQL = text("SELECT product_id, warehouse, on_hand FROM stock_levels")
IMAGES_SQL = text("SELECT product_id, url, position FROM product_images ORDER BY product_id, position")


def engine() -> Engine:
    return create_engine(settings.DATABASE_URL, pool_pre_ping=True)


def load_catalogue(eng: Engine) -> dict:
    with eng.connect() as conn:
        products = [dict(r) for r in conn.execute(PRODUCTS_SQL).mappings().all()]
        prices = {r["product_id"]: dict(r) for r in conn.execute(PRICES_SQL).mappings().all()}
        stock: dict[int, int] = defaultdict(int)
        for r in conn.execute(STOCK_SQL).mappings():
            stock[r["product_id"]] += r["on_hand"]
        images: dict[int, list[str]] = defaultdict(list)
        for r in conn.execute(IMAGES_SQL).mappings():
            images[r["product_id"]].append(r["url"])
    return {"products": products, "prices": prices, "stock": stock, "images": images}
