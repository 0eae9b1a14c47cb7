"""Container entrypoint for Cloud Run: a tiny status endpoint plus one rq worker.

Cloud Run services must listen on $PORT; the worker runs in the main thread, the status
server in a daemon thread. The service runs with CPU always allocated and min-instances 1.
"""

import json
import logging
import sys
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from redis import Redis
from rq import Worker

from moderation import settings

log = logging.getLogger("moderation.serve")
_worker: Worker | None = None


class Status(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):  # keep request noise out of the worker log
        pass

    def do_GET(self):
        w = _worker
        if w:
            w.refresh()
        body = {
            "worker": w.name if w else None,
            "state": w.get_state() if w else "starting",
            "last_heartbeat": w.last_heartbeat.replace(tzinfo=timezone.utc).isoformat() if w and w.last_heartbeat else None,
            "processed": w.successful_job_count if w else 0,
            "failed": w.failed_job_count if w else 0,
            "now": datetime.now(timezone.utc).isoformat(),
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main() -> int:
    global _worker
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    srv = ThreadingHTTPServer(("0.0.0.0", settings.PORT), Status)
    threading.Thread(target=srv.serve_forever, daemon=True, name="status").start()
    conn = Redis.from_url(settings.REDIS_URL)
    _worker = Worker(settings.QUEUES, connection=conn)
    _worker.work(with_scheduler=True, logging_level="INFO")
    return 0


if __name__ == "__main__":
    sys.exit(main())
