import logging

from starlette.requests import Request
from starlette.responses import JSONResponse

from . import config
from .pricing_client import PricingError, inventory, pricing

log = logging.getLogger(__name__)


def _apply(discounts: list[dict], sku: str, amount: int) -> int:
    for d in discounts:
        if d.get("sku") in (None, sku):
            amount = amount * (100 - int(d["percent"])) // 100
    return amount


async def quote(request: Request) -> JSONResponse:
    body = await request.json()
    customer = body["customer_id"]
    tier = body.get("tier", "standard")
    currency = body.get("currency", config.DEFAULT_CURRENCY)
    lines = body["lines"]

    discounts = pricing.discounts(customer)
    stock = inventory.availability([l["sku"] for l in lines])

    out, total = [], 0
    for line in lines:
        try:
            p = pricing.price_for(line["sku"], tier, currency)
        except PricingError as e:
            return JSONResponse({"error": str(e)}, status_code=422)
        unit = _apply(discounts, line["sku"], p.unit_amount)
        qty = int(line.get("qty", 1))
        total += unit * qty
        out.append({"sku": line["sku"], "qty": qty, "unit_amount": unit, "available": stock.get(line["sku"], 0)})

    return JSONResponse({"customer_id": customer, "currency": currency, "lines": out, "total": total})


async def price(request: Request) -> JSONResponse:
    sku = request.path_params["sku"]
    tier = request.query_params.get("tier", "standard")
    currency = request.query_params.get("currency", config.DEFAULT_CURRENCY)
    try:
        p = pricing.price_for(sku, tier, currency)
    except PricingError as e:
        return JSONResponse({"error": str(e)}, status_code=404)
    return JSONResponse({"sku": p.sku, "currency": p.currency, "unit_amount": p.unit_amount, "tier": p.tier})
