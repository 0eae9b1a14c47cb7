"""One JSON object per line on stdout: Cloud Logging turns it into jsonPayload
and lifts `severity` and `message`."""
from __future__ import annotations

import json
import logging
import os
import sys


class CloudJsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        body = {
            "severity": record.levelname if record.levelname != "WARN" else "WARNING",
            "message": record.getMessage(),
            "logger": record.name,
        }
        extra = getattr(record, "fields", None)
        if extra:
            body.update(extra)
        if record.exc_info:
            body["message"] += "\n" + self.formatException(record.exc_info)
        return json.dumps(body, default=str)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudJsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("LOG_LEVEL", level))
    for noisy in ("httpcore", "httpcore2", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
