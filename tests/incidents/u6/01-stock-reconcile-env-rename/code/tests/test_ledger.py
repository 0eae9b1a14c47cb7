from reconcile.ledger import net_by_sku


def test_net_by_sku_drops_zero_totals():
    rows = [(1, "A-1", 3, None), (2, "A-1", -3, None), (3, "B-7", -2, None)]
    assert net_by_sku(rows) == {"B-7": -2}
