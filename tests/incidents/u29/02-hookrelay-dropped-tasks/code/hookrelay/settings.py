import os

SHOPIFY_SHOP = os.environ.get("SHOPIFY_SHOP", "northwind-outdoor.myshopify.com")
SHOPIFY_API_VERSION = os.environ.get("SHOPIFY_API_VERSION", "2026-10")
SHOPIFY_TOKEN = os.environ.get("SHOPIFY_TOKEN", "")
SHOPIFY_WEBHOOK_SECRET = os.environ.get("SHOPIFY_WEBHOOK_SECRET", "")
FULFILMENT_API = os.environ.get("FULFILMENT_API", "http://fulfilment-api.internal")
SHOPIFY_CONCURRENCY = int(os.environ.get("SHOPIFY_CONCURRENCY", "8"))
MAX_ATTEMPTS = int(os.environ.get("MAX_ATTEMPTS", "5"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
