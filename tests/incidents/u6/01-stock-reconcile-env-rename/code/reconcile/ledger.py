from collections import defaultdict


def net_by_sku(movements):
    """Collapse individual stock movements into one signed delta per SKU."""
    totals = defaultdict(int)
    for _id, sku, delta, _created in movements:
        totals[sku] += int(delta)
    return {sku: d for sku, d in totals.items() if d}
