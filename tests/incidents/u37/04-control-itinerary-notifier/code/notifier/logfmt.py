"""Structured stdout logging understood by Cloud Logging (severity + message + fields)."""
from __future__ import annotations

import json
import logging
import sys


class StructuredFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"severity": record.levelname, "message": record.getMessage(),
                 "logging.googleapis.com/labels": {"component": record.name}}
        entry.update(getattr(record, "ctx", {}))
        if record.exc_info:
            entry["message"] += "\n" + self.formatException(record.exc_info)
        return json.dumps(entry)


def configure() -> None:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(StructuredFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[h], force=True)
    # keep the SDK's retry notices (INFO) but not every HTTP line
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpx2").setLevel(logging.WARNING)


def ctx(**kw) -> dict:
    return {"ctx": kw}
