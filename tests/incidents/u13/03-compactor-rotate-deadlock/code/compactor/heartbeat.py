import json
import os
import tempfile
from datetime import datetime, timezone


def write(path: str, processed: int) -> None:
    """Atomically replace the heartbeat file read by the node exporter textfile job."""
    payload = {
        "ts": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "processed": processed,
    }
    d = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".hb-")
    with os.fdopen(fd, "w") as f:
        json.dump(payload, f)
    os.replace(tmp, path)
