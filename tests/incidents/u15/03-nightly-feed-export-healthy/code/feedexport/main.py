import logging
import os
import sys
import time

from google.api_core import exceptions as gexc
from google.api_core.retry import Retry, if_exception_type
from google.cloud import pubsub_v1

from . import config, logs
from .sink import PartWriter
from .transform import Retryable, to_feed_row

log = logging.getLogger("feedexport")


def _log_retry(exc: Exception) -> None:
    log.warning("pull failed, retrying: %s", exc, extra={"fields": {"error": exc.__class__.__name__}})


PULL_RETRY = Retry(
    predicate=if_exception_type(gexc.ServiceUnavailable, gexc.DeadlineExceeded, gexc.InternalServerError,
                                gexc.Aborted),
    initial=1.0,
    maximum=16.0,
    multiplier=2.0,
    timeout=120.0,
    on_error=_log_retry,
)


def run() -> int:
    run_id = os.environ.get("CLOUD_RUN_EXECUTION", "local")
    subscriber = pubsub_v1.SubscriberClient()
    sub_path = subscriber.subscription_path(config.PROJECT, config.SUBSCRIPTION)
    writer = PartWriter(run_id)

    started = time.monotonic()
    empty_pulls = pulls = acked = nacked = parts = 0
    log.info("draining %s", sub_path, extra={"fields": {"execution": run_id}})

    with subscriber:
        while empty_pulls < config.EMPTY_PULLS_TO_STOP:
            if time.monotonic() - started > config.MAX_RUNTIME_S:
                log.warning("max runtime reached, leaving the rest for the next run")
                break
            resp = subscriber.pull(
                request={"subscription": sub_path, "max_messages": config.BATCH_SIZE},
                retry=PULL_RETRY,
                timeout=config.PULL_TIMEOUT_S,
            )
            pulls += 1
            if not resp.received_messages:
                empty_pulls += 1
                log.info("pull returned no messages (%d/%d)", empty_pulls, config.EMPTY_PULLS_TO_STOP)
                continue
            empty_pulls = 0

            rows, ok_ids, retry_ids = [], [], []
            for rm in resp.received_messages:
                try:
                    rows.append(to_feed_row(rm.message.data, dict(rm.message.attributes)))
                    ok_ids.append(rm.ack_id)
                except Retryable as exc:
                    log.warning("nacking message %s: %s", rm.message.message_id, exc,
                                extra={"fields": {"message_id": rm.message.message_id}})
                    retry_ids.append(rm.ack_id)

            if rows:
                name = writer.write_part(rows)
                parts += 1
                subscriber.acknowledge(request={"subscription": sub_path, "ack_ids": ok_ids})
                acked += len(ok_ids)
                log.info("wrote %s (%d rows), acked %d", name, len(rows), len(ok_ids))
            if retry_ids:
                subscriber.modify_ack_deadline(
                    request={"subscription": sub_path, "ack_ids": retry_ids, "ack_deadline_seconds": 0})
                nacked += len(retry_ids)

    log.info("done", extra={"fields": {"pulls": pulls, "acked": acked, "nacked": nacked, "parts": parts,
                                       "seconds": round(time.monotonic() - started, 1)}})
    return 0


def main() -> None:
    logs.setup()
    sys.exit(run())


if __name__ == "__main__":
    main()
