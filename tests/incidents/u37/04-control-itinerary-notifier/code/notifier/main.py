"""Cloud Run entry point: health endpoint on $PORT + the streaming-pull consumer."""
from __future__ import annotations

import logging
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import logfmt
from .config import Config
from .consumer import Consumer

log = logging.getLogger("notifier")


class Health(BaseHTTPRequestHandler):
    consumer: Consumer | None = None

    def do_GET(self):
        ok = self.consumer is not None and self.consumer.future is not None and not self.consumer.future.done()
        self.send_response(200 if ok else 503)
        self.end_headers()
        self.wfile.write(b"ok\n" if ok else b"consumer stopped\n")

    def log_message(self, *args):  # request logs come from Cloud Run itself
        pass


def main() -> int:
    logfmt.configure()
    cfg = Config.load()
    consumer = Consumer(cfg)
    Health.consumer = consumer
    server = ThreadingHTTPServer(("0.0.0.0", cfg.port), Health)
    done = threading.Event()

    def on_sigterm(signum, frame):
        log.info("SIGTERM received, draining")
        consumer.stop()
        done.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_sigterm)
    consumer.start()
    log.info("health endpoint on :%d", cfg.port)
    server.serve_forever()
    done.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
