import os

VERSION = os.environ.get("QUOTES_VERSION", "dev")
LOG_DIR = os.environ.get("QUOTES_LOG_DIR", "/var/log/rental-quotes")
LOG_LEVEL = os.environ.get("QUOTES_LOG_LEVEL", "INFO")
TARIFF_BOOK = os.environ.get("QUOTES_TARIFF_BOOK", "2026-autumn")
MAX_RENTAL_DAYS = int(os.environ.get("QUOTES_MAX_RENTAL_DAYS", "21"))
