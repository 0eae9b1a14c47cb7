import logging

from fastapi import APIRouter, BackgroundTasks, HTTPException

from orders import repository
from orders.models import Order, OrderIn
from orders.notifications import send_order_confirmation

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/v1")


@router.post("/orders", status_code=201)
def create_order(body: OrderIn, background: BackgroundTasks) -> dict:
    order = Order(**body.model_dump())
    repository.save_order(order)
    background.add_task(send_order_confirmation, order)
    logger.info("order %s created for %s, total %s", order.id, order.customer_email, order.total)
    return {"id": order.id, "status": order.status, "total": str(order.total)}


@router.get("/orders/{order_id}")
def read_order(order_id: str) -> Order:
    order = repository.get_order(order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="order not found")
    return order
