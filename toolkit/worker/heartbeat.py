"""The heartbeat: written by the processing loop, so a stuck loop goes stale.

Seed 002's worker had a heartbeat thread that kept writing while the loop it
vouched for was deadlocked. Here nothing beats on a timer: the loop calls
`Heart.beat` between steps (and handlers may call `opsdoc.worker.progress` in
long jobs), and the status file, the RQ worker key and ``/healthz`` all read
that one timestamp.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


def iso(ts: float) -> str:
    """ISO-8601 UTC with a ``Z``, the form opsdoc's exports reader parses."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Heart:
    """The loop's last sign of life and what it was doing."""

    worker: str
    period_s: float
    grace_s: float
    queues: tuple[str, ...] = ()
    status_file: Path | None = None
    on_beat: Callable[[], None] | None = None
    """Backend hook (e.g. extend the RQ worker key's TTL); runs in the loop's thread."""
    state: str = "starting"
    current_job: str = ""
    processed: int = 0
    failed: int = 0
    last_beat: float = field(default_factory=time.time)
    _last_written: float = 0.0
    _last_backend: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def beat(
        self, state: str | None = None, current_job: str | None = None, force: bool = False
    ) -> None:
        """Record progress; touch the file and backend at most a few times per period."""
        now = time.time()
        with self._lock:
            changed = (state is not None and state != self.state) or (
                current_job is not None and current_job != self.current_job
            )
            if state is not None:
                self.state = state
            if current_job is not None:
                self.current_job = current_job
            self.last_beat = now
        if force or changed or now - self._last_written >= min(self.period_s / 3, 1.0):
            self._last_written = now
            self.write()
        # The broker-side beat costs round trips: a few per period is plenty.
        if self.on_beat is not None and now - self._last_backend >= min(self.period_s / 3, 1.0):
            self._last_backend = now
            self.on_beat()

    def age(self, now: float | None = None) -> float:
        return (now if now is not None else time.time()) - self.last_beat

    def healthy(self, now: float | None = None) -> bool:
        return (
            self.state not in {"stopped", "dead"} and self.age(now) <= self.period_s + self.grace_s
        )

    def snapshot(self) -> dict[str, object]:
        with self._lock:
            return {
                "worker": self.worker,
                "pid": os.getpid(),
                "state": self.state,
                "last_heartbeat": iso(self.last_beat),
                "period_s": self.period_s,
                "grace_s": self.grace_s,
                "queues": list(self.queues),
                "current_job": self.current_job,
                "processed": self.processed,
                "failed": self.failed,
            }

    def write(self) -> None:
        """Atomically replace the status file: readers never see half a file."""
        if self.status_file is None:
            return
        tmp = self.status_file.with_name(self.status_file.name + ".tmp")
        try:
            tmp.write_text(json.dumps(self.snapshot(), sort_keys=True) + "\n", encoding="utf-8")
            os.replace(tmp, self.status_file)
        except OSError:
            pass
