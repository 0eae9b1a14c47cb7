"""JSON lines on stdout; GKE's logging agent turns them into structured entries."""
import json
import logging
import os
import sys
import time


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "severity": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pod": os.environ.get("HOSTNAME", "local"),
        }
        for key in ("msg_id", "manifest_id", "attempt", "age_s", "took_s", "batch"):
            if hasattr(record, key):
                doc[key] = getattr(record, key)
        if record.exc_info:
            doc["stack_trace"] = self.formatException(record.exc_info)
        return json.dumps(doc)


def setup() -> None:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [h]
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "httpcore", "google", "urllib3", "anthropic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
