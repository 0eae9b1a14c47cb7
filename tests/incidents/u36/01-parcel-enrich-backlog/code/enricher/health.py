"""Liveness endpoint: /healthz answers 200 while the process heartbeat is fresh."""
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger(__name__)

_last_beat = time.monotonic()
MAX_SILENCE = 60


def _beat_forever(period: float) -> None:
    global _last_beat
    while True:
        _last_beat = time.monotonic()
        time.sleep(period)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path != "/healthz":
            self.send_error(404)
            return
        fresh = time.monotonic() - _last_beat < MAX_SILENCE
        self.send_response(200 if fresh else 503)
        self.end_headers()
        self.wfile.write(b"ok\n" if fresh else b"stale\n")

    def log_message(self, fmt, *args):
        pass


def start(port: int, period: float = 10.0) -> None:
    threading.Thread(target=_beat_forever, args=(period,), name="heartbeat", daemon=True).start()
    server = ThreadingHTTPServer(("0.0.0.0", port), _Handler)
    threading.Thread(target=server.serve_forever, name="healthz", daemon=True).start()
    log.info("health endpoint on :%s/healthz", port)
