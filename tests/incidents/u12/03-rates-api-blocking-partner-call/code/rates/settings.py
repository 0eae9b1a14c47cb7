import os

PARTNER_QUOTE_URL = os.environ.get("PARTNER_QUOTE_URL", "https://api.partner.example/v2/quote")
PARTNER_API_KEY = os.environ.get("PARTNER_API_KEY", "")
PARTNER_TIMEOUT = float(os.environ.get("PARTNER_TIMEOUT", "30"))
CATALOG_PATH = os.environ.get("CATALOG_PATH", "rates/data/products.json")
MARGIN_PCT = float(os.environ.get("MARGIN_PCT", "12.5"))
