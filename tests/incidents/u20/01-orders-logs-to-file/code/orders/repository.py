import logging

from google.cloud import firestore

from orders.models import Order
from orders.settings import get_settings

logger = logging.getLogger(__name__)

_client: firestore.Client | None = None


def client() -> firestore.Client:
    global _client
    if _client is None:
        _client = firestore.Client(project=get_settings().project_id)
    return _client


def save_order(order: Order) -> None:
    doc = client().collection(get_settings().firestore_collection).document(order.id)
    doc.set(order.model_dump(mode="json"))
    logger.info("saved order %s (%d items)", order.id, len(order.items))


def get_order(order_id: str) -> Order | None:
    snap = client().collection(get_settings().firestore_collection).document(order_id).get()
    if not snap.exists:
        return None
    return Order.model_validate(snap.to_dict())
