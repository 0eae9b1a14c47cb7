from decimal import Decimal


def normalize(raw: dict) -> dict:
    lines = raw.get("lines", [])
    total = sum(Decimal(str(l["amount"])) * int(l.get("qty", 1)) for l in lines)
    return {
        "invoice_id": raw["id"],
        "tenant": raw["tenant"],
        "currency": raw.get("currency", "EUR").upper(),
        "total": str(total.quantize(Decimal("0.01"))),
        "line_count": len(lines),
    }
