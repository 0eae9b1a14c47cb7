"""JSON lines on stdout, in the shape Cloud Logging turns into structured entries."""
import json
import logging
import os
import sys
import traceback

_RESERVED = set(vars(logging.makeLogRecord({})))


class CloudJSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "severity": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "logging.googleapis.com/sourceLocation": {
                "file": record.pathname,
                "line": str(record.lineno),
                "function": record.funcName,
            },
            "logging.googleapis.com/labels": {
                "component": "contract-digest",
                "run_date": os.environ.get("RUN_DATE", ""),
            },
        }
        extra = {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}
        entry.update(extra)
        if record.exc_info:
            entry["stack_trace"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudJSONFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
