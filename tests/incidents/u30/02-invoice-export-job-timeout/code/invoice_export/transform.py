from decimal import Decimal

EUR_RATES = {"EUR": Decimal("1"), "USD": Decimal("0.9461"), "GBP": Decimal("1.1712"),
             "CHF": Decimal("1.0684"), "PLN": Decimal("0.2331"), "SEK": Decimal("0.0867")}


def to_row(inv, rates=EUR_RATES) -> dict:
    rate = rates.get(inv["currency"])
    net = Decimal(str(inv["net_amount"]))
    tax = Decimal(str(inv["tax_amount"]))
    issued = inv["issued_at"]
    return {
        "invoice_id": inv["id"],
        "number": inv["number"],
        "account_id": inv["account_id"],
        "issued_at": issued.isoformat() if hasattr(issued, "isoformat") else str(issued),
        "currency": inv["currency"],
        "net_amount": str(net),
        "tax_amount": str(tax),
        "gross_eur": str(((net + tax) * rate).quantize(Decimal("0.01"))) if rate else None,
        "status": inv["status"],
        "country": inv["country"],
        "segment": inv["segment"],
    }
