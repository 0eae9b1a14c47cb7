import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
QUEUE_NAME = os.environ.get("OCR_QUEUE", "ocr")
INBOX_DIR = os.environ.get("OCR_INBOX", "/srv/docket/inbox")
OUTPUT_DIR = os.environ.get("OCR_OUTPUT", "/srv/docket/out")
TESSERACT = os.environ.get("TESSERACT_CMD", "tesseract")
OCR_LANG = os.environ.get("OCR_LANG", "eng")
SUMMARY_MODEL = os.environ.get("SUMMARY_MODEL", "claude-haiku-4-5-20251001")
SUMMARY_MAX_TOKENS = int(os.environ.get("SUMMARY_MAX_TOKENS", "1500"))
