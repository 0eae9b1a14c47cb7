"""One JSON object per line on stdout so Cloud Logging picks up severity."""

import json
import logging
import sys
import traceback


class CloudJsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "severity": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        if record.exc_info:
            payload["message"] += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        for key in ("message_id", "shipment_id", "carrier"):
            if hasattr(record, key):
                payload[key] = getattr(record, key)
        return json.dumps(payload)


def configure(level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudJsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
