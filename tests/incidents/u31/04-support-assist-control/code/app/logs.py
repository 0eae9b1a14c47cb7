import json
import logging
import sys


class CloudRunFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"severity": record.levelname, "message": record.getMessage(), "logger": record.name}
        for key in ("ticket_id", "request_id", "input_tokens", "output_tokens", "ms", "caller"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["message"] += "\n" + self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup(level: str) -> None:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(CloudRunFormatter())
    logging.getLogger("app").handlers[:] = [h]
    logging.getLogger("app").setLevel(level)
    logging.getLogger("app").propagate = False
