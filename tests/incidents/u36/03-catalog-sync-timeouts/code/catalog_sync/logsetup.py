"""Structured logs for Cloud Logging: one JSON object per line on stdout."""
import json
import logging
import os
import sys


class CloudLoggingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "severity": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        extra = getattr(record, "fields", None)
        if extra:
            payload.update(extra)
        if record.exc_info:
            payload["message"] += "\n" + self.formatException(record.exc_info)
        return json.dumps(payload)


def setup() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudLoggingFormatter())
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), handlers=[handler], force=True)
    logging.getLogger("urllib3").setLevel(logging.WARNING)
