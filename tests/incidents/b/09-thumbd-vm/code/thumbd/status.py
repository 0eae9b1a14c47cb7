import json
import os
import tempfile
import time

STATUS_PATH = os.environ.get("THUMBD_STATUS", "/var/lib/thumbd/status.json")


def write_status(**fields) -> None:
    payload = {"updated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "pid": os.getpid(), **fields}
    d = os.path.dirname(STATUS_PATH)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".status-")
    with os.fdopen(fd, "w") as fh:
        json.dump(payload, fh)
    os.replace(tmp, STATUS_PATH)
