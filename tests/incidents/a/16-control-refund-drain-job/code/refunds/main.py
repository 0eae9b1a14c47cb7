import logging
import os
import sys
import time

from google.api_core import exceptions, retry
from google.cloud import pubsub_v1

from .processor import PaymentsClient, handle

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("refunds")

BATCH = int(os.environ.get("BATCH", "25"))
PULL_TIMEOUT = float(os.environ.get("PULL_TIMEOUT", "15"))
EMPTY_PULLS_BEFORE_EXIT = int(os.environ.get("EMPTY_PULLS_BEFORE_EXIT", "2"))


def main() -> int:
    project = os.environ["GOOGLE_CLOUD_PROJECT"]
    sub_name = os.environ.get("REFUNDS_SUBSCRIPTION", "refund-requests-drain")
    client = PaymentsClient(os.environ.get("PAYMENTS_API", "https://payments.internal"), os.environ.get("PAYMENTS_TOKEN", ""))
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(project, sub_name)
    done = failed = empty = 0
    started = time.monotonic()
    log.info("draining %s", path)
    with subscriber:
        while empty < EMPTY_PULLS_BEFORE_EXIT:
            try:
                resp = subscriber.pull(request={"subscription": path, "max_messages": BATCH},
                                       timeout=PULL_TIMEOUT, retry=retry.Retry(deadline=30))
            except exceptions.DeadlineExceeded:
                resp = None
            received = resp.received_messages if resp else []
            if not received:
                empty += 1
                continue
            empty = 0
            ack_ids = []
            for m in received:
                try:
                    handle(client, m.message.data, m.message.message_id)
                    ack_ids.append(m.ack_id)
                    done += 1
                except Exception:
                    log.exception("refund failed for message %s; leaving it for redelivery", m.message.message_id)
                    failed += 1
            if ack_ids:
                subscriber.acknowledge(request={"subscription": path, "ack_ids": ack_ids})
    log.info("drain finished processed=%d failed=%d seconds=%.1f", done, failed, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
