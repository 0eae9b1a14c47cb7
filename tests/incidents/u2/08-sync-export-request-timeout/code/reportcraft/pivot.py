from collections import defaultdict
from decimal import Decimal


def build_pivot(rows: list[dict], dims: list[str]) -> list[dict]:
    """Group order lines by every combination of the requested dimensions."""
    acc: dict[tuple, dict] = defaultdict(lambda: {"orders": 0, "units": 0, "revenue": Decimal(0)})
    for r in rows:
        key = tuple(r[d] for d in dims)
        cell = acc[key]
        cell["orders"] += 1
        cell["units"] += r["qty"]
        cell["revenue"] += r["qty"] * r["unit_price"] * (1 - r["discount"])
    out = []
    for key, cell in sorted(acc.items(), key=lambda kv: kv[1]["revenue"], reverse=True):
        out.append({**dict(zip(dims, key)), **cell, "revenue": str(cell["revenue"].quantize(Decimal("0.01")))})
    return out
