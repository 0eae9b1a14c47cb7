import json
import os
import socket

from django.conf import settings
from django.utils import timezone


def beat() -> None:
    data = {"worker": socket.gethostname(), "pid": os.getpid(), "last_update": timezone.now().isoformat()}
    tmp = settings.HEARTBEAT_FILE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f)
    os.replace(tmp, settings.HEARTBEAT_FILE)
