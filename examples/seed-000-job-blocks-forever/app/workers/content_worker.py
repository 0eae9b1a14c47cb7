"""Content generation worker: consumes generation requests from Pub/Sub."""

import json
import logging
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from google.cloud import pubsub_v1

from app.services.generation import generate_content

logger = logging.getLogger(__name__)

PROJECT_ID = os.environ["GOOGLE_CLOUD_PROJECT"]
SUBSCRIPTION = os.environ.get("PUBSUB_SUBSCRIPTION", "content-generation-worker-sub")


class HealthHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")


class ContentWorker:
    def __init__(self):
        self.subscriber = pubsub_v1.SubscriberClient()
        self.subscription_path = self.subscriber.subscription_path(PROJECT_ID, SUBSCRIPTION)
        self.health_server = None

    def start_health_check_server(self):
        self.health_server = HTTPServer(("0.0.0.0", 8080), HealthHandler)
        threading.Thread(target=self.health_server.serve_forever, daemon=True).start()

    def message_callback(self, message):
        try:
            request = json.loads(message.data)
            generate_content(request["request_id"], request["modality"])
            message.ack()
        except Exception:
            logger.exception("generation failed")
            message.nack()

    def shutdown(self, signum, frame):
        logger.info("shutdown requested (signal %s)", signum)
        self.subscriber.close()

    def run(self):
        """Run the worker to listen for Pub/Sub messages."""
        logger.info("Starting worker: subscription=%s", self.subscription_path)
        self.start_health_check_server()
        signal.signal(signal.SIGTERM, self.shutdown)

        flow_control = pubsub_v1.types.FlowControl(max_messages=1)
        streaming_pull_future = self.subscriber.subscribe(
            self.subscription_path,
            callback=self.message_callback,
            flow_control=flow_control,
        )
        logger.info("Listening for messages on %s", self.subscription_path)

        with self.subscriber:
            streaming_pull_future.result()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    ContentWorker().run()
