import json
import os
from datetime import datetime, timezone

STATUS_FILE = os.environ.get("STATUS_FILE", "/var/run/transcoder/status.json")


def write(state: str, **extra) -> None:
    doc = {"heartbeat_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "state": state, **extra}
    tmp = STATUS_FILE + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(doc, fh)
    os.replace(tmp, STATUS_FILE)
