import logging
import time


def _quote(v) -> str:
    s = str(v)
    if s == "" or any(c in s for c in ' ="'):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
    return s


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        parts = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        parts.update(getattr(record, "kv", {}))
        return " ".join(f"{k}={_quote(v)}" for k, v in parts.items())


def setup(level=logging.INFO) -> None:
    h = logging.StreamHandler()
    h.setFormatter(LogfmtFormatter())
    root = logging.getLogger()
    root.handlers[:] = [h]
    root.setLevel(level)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
