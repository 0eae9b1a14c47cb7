import json
import os
import time
from datetime import datetime, timezone
from pathlib import Path


def write(path: Path, **fields) -> None:
    payload = {"service": "scan-intake", "pid": os.getpid(), "updated_at": datetime.now(timezone.utc).isoformat(), **fields}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload))
    os.replace(tmp, path)


class Ticker:
    def __init__(self, every_s: float) -> None:
        self.every_s = every_s
        self._last = 0.0

    def due(self) -> bool:
        now = time.monotonic()
        if now - self._last >= self.every_s:
            self._last = now
            return True
        return False
