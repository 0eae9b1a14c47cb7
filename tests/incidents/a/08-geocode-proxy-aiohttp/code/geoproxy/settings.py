import os

UPSTREAM = os.environ.get("GEOCODER_UPSTREAM", "https://geocoder.partner.example/v2")
CACHE_TTL = int(os.environ.get("CACHE_TTL", "86400"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://10.12.0.3:6379/0")
LOG_FILE = os.environ.get("LOG_FILE", "/var/log/app/app.log")
PORT = int(os.environ.get("PORT", "8080"))
