from enricher.enrich import enrich


def test_enrich_totals_and_segment():
    order = {
        "order_id": "o-1", "customer_id": "c-1", "created_at": "2026-11-30T10:00:00Z",
        "items": [{"sku": "A", "qty": 2, "unit_price": 9.95}, {"sku": "B", "qty": 1, "unit_price": 5.0}],
        "utm_campaign": "winter-warmup",
    }
    row = enrich(order, {"segment": "loyal", "lifetime_orders": 12}, {"region": "NRW", "nearest_store": "s-104"})
    assert row["total"] == 24.9
    assert row["segment"] == "loyal"
    assert row["store_id"] == "s-104"
    assert row["campaign"] == "winter-warmup"


def test_enrich_defaults():
    row = enrich({"order_id": "o-2", "customer_id": "c-2", "created_at": "x"}, {}, {})
    assert row["total"] == 0
    assert row["segment"] == "unknown"
