import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path


def write(path: Path, interval_seconds: int, **fields) -> None:
    payload = {
        "service": "route-indexer",
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "last_beat": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "interval_seconds": interval_seconds,
    }
    payload.update(fields)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=2) + "\n")
    os.replace(tmp, path)
