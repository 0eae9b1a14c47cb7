import os

REDIS_URL = os.environ["REDIS_URL"]
SCAN_BUCKET = os.environ.get("SCAN_BUCKET", "scanhouse-claims-incoming")
RESULT_BUCKET = os.environ.get("RESULT_BUCKET", "scanhouse-claims-text")
OCR_QUEUE = "ocr"
# big multi-page scans can take a while; keep well under the 1 h SLA
OCR_JOB_TIMEOUT = int(os.environ.get("OCR_JOB_TIMEOUT", "1800"))
OCR_LANG = os.environ.get("OCR_LANG", "eng+deu")
OCR_DPI = int(os.environ.get("OCR_DPI", "300"))
