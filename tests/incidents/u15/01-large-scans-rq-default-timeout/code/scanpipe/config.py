import os
from pathlib import Path

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
SCAN_ROOT = Path(os.environ.get("SCAN_ROOT", "/srv/scans"))
OUTPUT_ROOT = Path(os.environ.get("OUTPUT_ROOT", "/srv/proofs"))
RASTER_DPI = int(os.environ.get("RASTER_DPI", "300"))
OCR_LANG = os.environ.get("OCR_LANG", "eng+deu")
MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "512"))
QUEUE_NAME = os.environ.get("SCAN_QUEUE", "scans")
