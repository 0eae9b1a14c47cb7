import json
import logging
from datetime import datetime, timezone

_STD = set(vars(logging.makeLogRecord({})))


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line; extra= fields are merged into the object."""

    def format(self, record):
        out = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str)
