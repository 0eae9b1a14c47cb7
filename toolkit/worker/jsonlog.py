"""Structured JSON log lines on stdout, one object per line.

Cloud Run sends stdout to Cloud Logging, which parses a JSON line into a
structured entry and takes ``severity`` and ``message`` from it; anything else
(a bare ``print`` to a file handler, seed 004) never arrives. The smoke check
reads the same lines back to see what the worker did, so each line carries a
stable ``event`` name.
"""

from __future__ import annotations

import json
import sys
import threading
from datetime import UTC, datetime
from typing import Any, TextIO

from opsdoc.redact import redact

_lock = threading.Lock()


class JsonLog:
    """Writes one JSON object per line; never raises (logging must not kill a job)."""

    def __init__(self, worker: str, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.worker = worker
        self.stream = stream
        self.quiet = quiet

    def emit(self, severity: str, event: str, message: str, **fields: Any) -> None:
        if self.quiet and severity in {"DEBUG", "INFO"}:
            return
        entry = {
            "severity": severity,
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "event": event,
            "message": redact(message),
            "worker": self.worker,
            **{k: _clean(v) for k, v in fields.items()},
        }
        line = json.dumps(entry, default=str, sort_keys=False)
        stream = self.stream or sys.stdout
        try:
            with _lock:
                stream.write(line + "\n")
                stream.flush()
        except (OSError, ValueError):
            pass

    def info(self, event: str, message: str, **fields: Any) -> None:
        self.emit("INFO", event, message, **fields)

    def warning(self, event: str, message: str, **fields: Any) -> None:
        self.emit("WARNING", event, message, **fields)

    def error(self, event: str, message: str, **fields: Any) -> None:
        self.emit("ERROR", event, message, **fields)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    return value
