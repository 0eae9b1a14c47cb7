import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    orders_api: str = os.getenv("ORDERS_API_URL", "http://orders-api.internal")
    renderer_url: str = os.getenv("PDF_RENDERER_URL", "http://pdf-render.internal")
    docstore_url: str = os.getenv("DOCSTORE_URL", "http://docstore.internal")
    http_timeout: float = float(os.getenv("HTTP_TIMEOUT_SECONDS", "20"))
    template_cache: str = os.getenv("TEMPLATE_CACHE_DIR", "/tmp/invoice-templates")
    expected_subscription: str = os.getenv(
        "PUSH_SUBSCRIPTION", "projects/brightfold-commerce/subscriptions/order-events-invoicer"
    )


config = Config()
