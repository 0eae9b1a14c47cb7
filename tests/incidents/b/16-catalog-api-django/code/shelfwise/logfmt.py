import json
import logging


class CloudJsonFormatter(logging.Formatter):
    """One JSON object per line; Cloud Logging maps `severity` and `message`."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "severity": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        for key in ("isbn", "store", "latency_ms", "results"):
            if hasattr(record, key):
                payload[key] = getattr(record, key)
        if record.exc_info:
            payload["stack_trace"] = self.formatException(record.exc_info)
        return json.dumps(payload)
