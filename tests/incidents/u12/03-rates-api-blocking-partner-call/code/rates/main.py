from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from . import __version__, catalog, partner
from .pricing import with_margin

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("rates")

app = FastAPI(title="rates-api", version=__version__)


class QuoteRequest(BaseModel):
    sku: str
    origin: str
    destination: str
    weight_kg: float


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.get("/products")
async def list_products():
    return catalog.products()


@app.get("/products/{sku}")
async def get_product(sku: str):
    product = catalog.by_sku(sku)
    if product is None:
        raise HTTPException(404, "unknown sku")
    return product


@app.post("/quotes")
async def create_quote(req: QuoteRequest):
    product = catalog.by_sku(req.sku)
    if product is None:
        raise HTTPException(404, "unknown sku")
    if req.weight_kg > product["max_kg"]:
        raise HTTPException(422, "too heavy for this product")
    try:
        quote = partner.request_quote(
            {"service": product["lane"], "from": req.origin, "to": req.destination, "kg": req.weight_kg}
        )
    except partner.PartnerError as exc:
        log.warning("partner quote failed: %s", exc)
        raise HTTPException(502, "carrier unavailable")
    log.info("quote %s %s->%s net=%s eta=%s", req.sku, req.origin, req.destination, quote["net"], quote["eta_days"])
    return {"sku": req.sku, "price": with_margin(quote["net"]), "currency": quote["currency"], "eta_days": quote["eta_days"]}
