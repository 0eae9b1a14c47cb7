import os

REDIS_URL = os.environ.get("GEO_REDIS_URL", "redis://127.0.0.1:6379/3")
QUEUE_KEY = os.environ.get("GEO_QUEUE_KEY", "geocode:pending")
DONE_KEY = os.environ.get("GEO_DONE_KEY", "geocode:done")
STATUS_PATH = os.environ.get("GEO_STATUS_PATH", "/run/geocoder/status.json")
HEARTBEAT_PERIOD_S = float(os.environ.get("GEO_HEARTBEAT_PERIOD_S", "10"))
NOMINATIM_URL = os.environ.get("GEO_NOMINATIM_URL", "http://nominatim.internal:8080/search")
