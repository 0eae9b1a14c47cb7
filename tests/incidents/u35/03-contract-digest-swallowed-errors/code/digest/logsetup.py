"""Structured logs: one JSON object per line on stdout, which Cloud Logging parses into jsonPayload."""
import json
import logging
import os
import sys


class _CloudJson(logging.Formatter):
    def format(self, record):
        payload = {
            "severity": record.levelname if record.levelname != "WARNING" else "WARNING",
            "message": record.getMessage(),
            "logger": record.name,
            "task": int(os.environ.get("CLOUD_RUN_TASK_INDEX", "0")),
        }
        for k in ("doc", "step", "chars", "counts"):
            v = getattr(record, k, None)
            if v is not None:
                payload[k] = v
        if record.exc_info:
            payload["message"] += "\n" + self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def configure(level=logging.INFO):
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(_CloudJson())
    logging.basicConfig(level=level, handlers=[h], force=True)
    logging.getLogger("httpx2").setLevel(logging.WARNING)
