from datetime import datetime, timezone


def enrich(order: dict, customer: dict, geo: dict) -> dict:
    total = sum(i["qty"] * i["unit_price"] for i in order.get("items", []))
    return {
        "order_id": order["order_id"],
        "customer_id": order["customer_id"],
        "created_at": order["created_at"],
        "total": round(total, 2),
        "currency": order.get("currency", "EUR"),
        "campaign": order.get("utm_campaign"),
        "segment": customer.get("segment", "unknown"),
        "lifetime_orders": customer.get("lifetime_orders", 0),
        "region": geo.get("region"),
        "store_id": geo.get("nearest_store"),
        "enriched_at": datetime.now(timezone.utc).isoformat(),
    }
