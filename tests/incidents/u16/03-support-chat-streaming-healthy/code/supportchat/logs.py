import json
import logging
import sys

FIELDS = ("conversation_id", "http_status", "path", "method", "duration_ms", "output_tokens", "input_tokens", "stop_reason")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        out = {"severity": record.levelname, "message": record.getMessage(), "logger": record.name}
        for key in FIELDS:
            if hasattr(record, key):
                out[key] = getattr(record, key)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out)


def configure(level="INFO"):
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
