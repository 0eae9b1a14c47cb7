import json
import logging
import os
import sys

from aiohttp.abc import AbstractAccessLogger


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"severity": record.levelname, "message": record.getMessage(), "logger": record.name}
        out.update(getattr(record, "json_fields", {}))
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out)


def configure() -> None:
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(JsonFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[h], force=True)


def _trace(request) -> dict:
    header = request.headers.get("X-Cloud-Trace-Context", "")
    project = os.environ.get("GOOGLE_CLOUD_PROJECT")
    if not header or not project:
        return {}
    return {"logging.googleapis.com/trace": f"projects/{project}/traces/{header.split('/')[0]}"}


class AccessLogger(AbstractAccessLogger):
    def log(self, request, response, time_: float) -> None:
        self.logger.info(
            "%s %s %s", request.method, request.path, response.status,
            extra={"json_fields": {
                "path": request.path,
                "status": response.status,
                "duration_ms": round(time_ * 1000, 2),
            } | _trace(request)},
        )
