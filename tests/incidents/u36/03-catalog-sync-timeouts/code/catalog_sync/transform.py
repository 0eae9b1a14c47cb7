from decimal import Decimal


def _price(values: dict, channel: str = "web", currency: str = "GBP") -> float | None:
    for entry in values.get("price", []):
        if entry.get("scope") not in (None, channel):
            continue
        for amount in entry.get("data", []):
            if amount.get("currency") == currency and amount.get("amount") is not None:
                return float(Decimal(str(amount["amount"])))
    return None


def _text(values: dict, attr: str, locale: str = "en_GB") -> str:
    for entry in values.get(attr, []):
        if entry.get("locale") in (None, locale):
            return str(entry.get("data") or "")
    return ""


def to_document(product: dict) -> dict:
    values = product.get("values", {})
    return {
        "id": product["identifier"],
        "name": _text(values, "name"),
        "brand": _text(values, "brand"),
        "categories": product.get("categories", []),
        "price": _price(values),
        "enabled": bool(product.get("enabled", True)),
        "updated": product.get("updated"),
    }
