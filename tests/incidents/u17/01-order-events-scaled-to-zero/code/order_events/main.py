import logging

from fastapi import FastAPI

from . import __version__
from .consumer import OrderEventsConsumer
from .logging_config import configure_logging
from .settings import get_settings
from .store import FirestoreStore

settings = get_settings()
configure_logging(settings.log_level)
log = logging.getLogger("order_events")

app = FastAPI(title="order-events-consumer", version=__version__)
consumer: OrderEventsConsumer | None = None


@app.on_event("startup")
def start_consumer() -> None:
    global consumer
    store = FirestoreStore(settings.google_cloud_project,
                           settings.fulfillment_collection)
    consumer = OrderEventsConsumer(
        settings.google_cloud_project,
        settings.order_events_subscription,
        store,
        max_messages=settings.max_outstanding_messages,
        max_bytes=settings.max_outstanding_bytes,
    )
    consumer.start()


@app.on_event("shutdown")
def stop_consumer() -> None:
    if consumer is not None:
        consumer.stop()


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok", "version": __version__,
            "processed": consumer.processed if consumer else 0}


@app.get("/")
def root() -> dict:
    return {"service": "order-events-consumer", "version": __version__}
