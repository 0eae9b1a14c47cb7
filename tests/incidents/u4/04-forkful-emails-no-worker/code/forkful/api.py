import logging
import uuid

from fastapi import FastAPI
from pydantic import BaseModel, EmailStr

from .notifications import tasks
from .queueing import enqueue_email

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("forkful.api")

app = FastAPI(title="forkful-api")


class Item(BaseModel):
    sku: str
    name: str
    qty: int


class Order(BaseModel):
    email: EmailStr
    first_name: str
    items: list[Item]


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.post("/v1/orders", status_code=201)
def create_order(order: Order):
    order_id = "FK-" + uuid.uuid4().hex[:8].upper()
    # persisting the order lives in the orders service; this endpoint only confirms it
    job = enqueue_email(tasks.send_order_confirmation, order_id, order.email, order.first_name,
                        [i.model_dump() for i in order.items])
    log.info("order %s accepted, confirmation job %s queued", order_id, job.id)
    return {"order_id": order_id}


class ResetRequest(BaseModel):
    email: EmailStr


@app.post("/v1/password-reset", status_code=202)
def password_reset(req: ResetRequest):
    token = uuid.uuid4().hex
    job = enqueue_email(tasks.send_password_reset, req.email, f"https://forkful.kitchen/reset/{token}")
    log.info("password reset queued job=%s", job.id)
    return {"queued": True}
