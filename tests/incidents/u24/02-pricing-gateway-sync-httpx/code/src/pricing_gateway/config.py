import os

PRICING_API_URL = os.environ.get("PRICING_API_URL", "http://pricing-api.pricing.svc.cluster.local:8000")
INVENTORY_API_URL = os.environ.get("INVENTORY_API_URL", "http://inventory-api.inventory.svc.cluster.local:8000")
PRICING_TIMEOUT_S = float(os.environ.get("PRICING_TIMEOUT_S", "5"))
DEFAULT_CURRENCY = os.environ.get("DEFAULT_CURRENCY", "EUR")
SLOW_REQUEST_MS = float(os.environ.get("SLOW_REQUEST_MS", "750"))
