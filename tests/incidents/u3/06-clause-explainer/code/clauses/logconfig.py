import json
import logging
import sys


class JsonFormatter(logging.Formatter):
    def format(self, record):
        payload = {"severity": record.levelname, "message": record.getMessage(), "logger": record.name}
        payload.update(getattr(record, "fields", {}))
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload)


def setup_logging() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    app_logger = logging.getLogger("clauses")
    app_logger.handlers[:] = [handler]
    app_logger.setLevel(logging.INFO)
    app_logger.propagate = False
    sdk_logger = logging.getLogger("anthropic")
    sdk_logger.handlers[:] = [handler]
    sdk_logger.setLevel(logging.INFO)
    sdk_logger.propagate = False
