"""Main loop: pull a batch, classify each line, file it, ack the batch."""
from __future__ import annotations

import json
import logging
import signal
import time

from . import logs
from .classify import Classifier
from .ledger import DuplicateDeclaration, LedgerClient
from .pubsub_io import BatchPuller, Pulled
from .settings import Settings

log = logging.getLogger("enricher.worker")


class Enricher:
    def __init__(self, s: Settings):
        self.s = s
        self.puller = BatchPuller(s.project, s.subscription, s.batch_size)
        self.classifier = Classifier(s.model, s.max_tokens)
        self.ledger = LedgerClient(s.ledger_url, s.ledger_timeout)
        self._stopping = False

    def stop(self, *_):
        log.info("SIGTERM received, finishing current batch")
        self._stopping = True

    def handle(self, item: Pulled) -> None:
        line = json.loads(item.data)
        started = time.monotonic()
        extra = {"msg_id": item.message_id, "manifest_id": line["manifest_id"], "attempt": item.delivery_attempt,
                 "age_s": round(started - item.pulled_at, 1)}
        result = self.classifier.classify(line["description"], line.get("origin", "??"))
        try:
            self.ledger.file(line["manifest_id"], line["line"], result.hs_code, result.confidence)
        except DuplicateDeclaration as exc:
            log.warning("ledger already has %s/%s: %s", line["manifest_id"], line["line"], exc, extra=extra)
            return
        extra["took_s"] = round(time.monotonic() - started, 1)
        log.info("filed %s/%s hs=%s", line["manifest_id"], line["line"], result.hs_code, extra=extra)

    def run_batch(self, batch: list[Pulled]) -> None:
        done: list[Pulled] = []
        failed: list[Pulled] = []
        for item in batch:
            if self._stopping:
                break
            with self.puller.lease([item], self.s.lease_seconds, self.s.lease_refresh_every):
                try:
                    self.handle(item)
                    done.append(item)
                except Exception:
                    log.exception("line failed", extra={"msg_id": item.message_id})
                    failed.append(item)
        self.puller.ack(done)
        self.puller.nack(failed + [i for i in batch if i not in done and i not in failed])
        log.info("batch complete: %d acked, %d nacked", len(done), len(batch) - len(done),
                 extra={"batch": len(batch)})

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        log.info("enricher starting: subscription=%s batch=%d model=%s",
                 self.puller.path, self.s.batch_size, self.s.model)
        while not self._stopping:
            batch = self.puller.pull()
            if not batch:
                time.sleep(self.s.idle_sleep)
                continue
            log.info("pulled %d messages", len(batch), extra={"batch": len(batch)})
            self.run_batch(batch)
        log.info("enricher stopped")


def main() -> None:
    logs.setup()
    Enricher(Settings.from_env()).run()


if __name__ == "__main__":
    main()
