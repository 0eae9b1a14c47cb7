"""``/healthz``: answers from the loop's heartbeat, never from its own liveness.

The HTTP server necessarily runs in a thread, and a thread that answers "ok"
because it is itself alive is exactly seed 002's lie. So the answer is computed
from `Heart.last_beat`: when the loop stops beating for longer than period +
grace, ``/healthz`` says 503 and the platform's liveness probe restarts it.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opsdoc.worker.heartbeat import Heart


class HealthServer:
    """A tiny HTTP server on ``port`` (0 picks a free one)."""

    def __init__(self, heart: Heart, port: int, host: str = "0.0.0.0") -> None:
        self.heart = heart

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.split("?")[0] not in {"/healthz", "/livez", "/readyz", "/"}:
                    self.send_error(404)
                    return
                ok = heart.healthy()
                body = json.dumps({"ok": ok, "age_s": round(heart.age(), 3), **heart.snapshot()})
                self.send_response(200 if ok else 503)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, name="opsdoc-healthz", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def start(self) -> HealthServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
