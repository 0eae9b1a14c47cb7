import json
import os
import socket
import tempfile
from datetime import datetime, timezone


def write_heartbeat(path, **fields):
    payload = {
        "service": "pricefeed-bridge",
        "hostname": socket.gethostname(),
        "pid": os.getpid(),
        "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        **fields,
    }
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".hb-")
    with os.fdopen(fd, "w") as fh:
        json.dump(payload, fh)
    os.replace(tmp, path)
