import json
import logging
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from google.api_core import exceptions as gexc
from google.cloud import pubsub_v1

from .config import Config

log = logging.getLogger("review_digest")


class Stop:
    def __init__(self):
        self.requested = False
        self.signal = None
        signal.signal(signal.SIGTERM, self._handle)

    def _handle(self, signum, frame):
        self.requested = True
        self.signal = signum
        log.warning("received SIGTERM, finishing current batch and releasing the rest")


def run(cfg: Config, classifier, sink, subscriber=None) -> int:
    subscriber = subscriber or pubsub_v1.SubscriberClient()
    sub_path = subscriber.subscription_path(cfg.project, cfg.subscription)
    stop = Stop()
    started = time.monotonic()
    empty = 0
    done = failed = 0
    log.info("task %d/%d attempt %d pulling from %s (max_messages=%d)",
             cfg.task_index, cfg.task_count, cfg.task_attempt, sub_path, cfg.max_messages)

    with ThreadPoolExecutor(max_workers=8) as pool:
        while not stop.requested:
            if time.monotonic() - started > cfg.max_runtime_s:
                log.warning("max runtime %ds reached, exiting with work left", cfg.max_runtime_s)
                break
            try:
                resp = subscriber.pull(
                    request={"subscription": sub_path, "max_messages": cfg.max_messages},
                    timeout=30,
                )
            except gexc.DeadlineExceeded:
                resp = None
            received = resp.received_messages if resp else []
            if not received:
                empty += 1
                if empty >= cfg.empty_pulls_before_exit:
                    log.info("subscription drained (%d empty pulls)", empty)
                    break
                time.sleep(2)
                continue
            empty = 0

            ack_ids = [m.ack_id for m in received]
            deadline_at = time.monotonic() + cfg.ack_extension_s
            subscriber.modify_ack_deadline(
                request={"subscription": sub_path, "ack_ids": ack_ids, "ack_deadline_seconds": cfg.ack_extension_s}
            )

            futures = {}
            for m in received:
                review = json.loads(m.message.data)
                futures[m.ack_id] = (review, pool.submit(classifier.classify, review))

            rows, to_ack, to_nack = [], [], []
            for ack_id, (review, fut) in futures.items():
                if stop.requested and not fut.done():
                    to_nack.append(ack_id)
                    continue
                while True:
                    remaining = deadline_at - time.monotonic()
                    if remaining < 15:
                        pending = [a for a, (_, f) in futures.items() if not f.done()]
                        if pending:
                            subscriber.modify_ack_deadline(
                                request={"subscription": sub_path, "ack_ids": pending,
                                         "ack_deadline_seconds": cfg.ack_extension_s}
                            )
                            log.info("extended ack deadline for %d messages by %ds", len(pending), cfg.ack_extension_s)
                        deadline_at = time.monotonic() + cfg.ack_extension_s
                    try:
                        result = fut.result(timeout=5)
                        break
                    except TimeoutError:
                        continue
                    except Exception as exc:
                        log.warning("review %s failed, releasing for redelivery: %r", review.get("review_id"), exc)
                        result = None
                        break
                if result is None:
                    to_nack.append(ack_id)
                    failed += 1
                    continue
                rows.append({"review_id": review["review_id"], "product_id": review["product_id"],
                             "rating": review["rating"], **result})
                to_ack.append(ack_id)

            sink.write(rows)
            if to_ack:
                subscriber.acknowledge(request={"subscription": sub_path, "ack_ids": to_ack})
            if to_nack:
                subscriber.modify_ack_deadline(
                    request={"subscription": sub_path, "ack_ids": to_nack, "ack_deadline_seconds": 0}
                )
            done += len(to_ack)
            log.info("batch: %d acked, %d released (total %d processed, %d failed)",
                     len(to_ack), len(to_nack), done, failed)

    subscriber.close()
    elapsed = time.monotonic() - started
    if stop.requested:
        log.warning("stopped by signal after %.0fs: %d processed, %d failed", elapsed, done, failed)
        return 128 + (stop.signal or signal.SIGTERM)
    log.info("done in %.0fs: %d processed, %d failed", elapsed, done, failed)
    return 1 if failed and not done else 0
