import json
import logging
import sys


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"severity": record.levelname, "message": record.getMessage(), "logger": record.name}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["message"] += "\n" + self.formatException(record.exc_info)
        return json.dumps(entry)


def setup() -> None:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(JsonLines())
    log = logging.getLogger("rebalancer")
    log.handlers[:] = [h]
    log.setLevel(logging.INFO)
    log.propagate = False
