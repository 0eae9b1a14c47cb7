"""JSON logs on stdout that Cloud Logging understands (severity, trace)."""
import json
import logging
import os
import sys

from flask import has_request_context, request

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "fernhill-prod")


class CloudJsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"severity": record.levelname, "message": record.getMessage(), "logger": record.name}
        for key in ("workspace_id", "week", "message_id", "delivery_attempt", "elapsed_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if has_request_context():
            trace = request.headers.get("X-Cloud-Trace-Context", "").split("/")[0]
            if trace:
                entry["logging.googleapis.com/trace"] = f"projects/{PROJECT}/traces/{trace}"
        if record.exc_info:
            entry["message"] += "\n" + self.formatException(record.exc_info)
        return json.dumps(entry)


def setup() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudJsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
