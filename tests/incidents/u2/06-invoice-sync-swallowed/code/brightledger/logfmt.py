import logging
import time

_RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


def _q(v) -> str:
    s = str(v)
    if s == "" or any(c in s for c in ' ="'):
        return '"' + s.replace('"', '\\"') + '"'
    return s


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        t = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        parts = [f"ts={t}.{int(record.msecs):03d}Z", f"level={record.levelname.lower()}",
                 f"logger={record.name}", f"msg={_q(record.getMessage())}"]
        for k, v in record.__dict__.items():
            if k not in _RESERVED and not k.startswith("_"):
                parts.append(f"{k}={_q(v)}")
        return " ".join(parts)


def setup(level: str = "INFO") -> None:
    h = logging.StreamHandler()
    h.setFormatter(LogfmtFormatter())
    for name in ("brightledger",):
        lg = logging.getLogger(name)
        lg.handlers[:] = [h]
        lg.setLevel(level)
        lg.propagate = False
