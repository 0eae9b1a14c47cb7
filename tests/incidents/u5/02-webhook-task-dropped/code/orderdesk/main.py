import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from . import db, events
from .settings import settings

logging.basicConfig(
    level=settings.log_level,
    format="%(asctime)s %(levelname)s %(name)s: %(message)s",
)
log = logging.getLogger("orderdesk")

ALLOWED = {"paid", "packed", "shipped", "delivered", "cancelled", "refunded"}


@asynccontextmanager
async def lifespan(app: FastAPI):
    await db.connect()
    yield
    await db.close()


app = FastAPI(title="orderdesk", lifespan=lifespan)


class StatusChange(BaseModel):
    status: str


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.get("/orders/{order_id}")
async def get_order(order_id: str):
    order = await db.get_order(order_id)
    if order is None:
        raise HTTPException(404, "order not found")
    return order


@app.post("/orders/{order_id}/status")
async def change_status(order_id: str, change: StatusChange):
    if change.status not in ALLOWED:
        raise HTTPException(422, f"unknown status {change.status!r}")
    order = await db.set_status(order_id, change.status)
    if order is None:
        raise HTTPException(404, "order not found")
    notified = await events.publish(order["merchant_id"], f"order.{change.status}", order)
    return {"id": order_id, "status": change.status, "webhooks": notified}
