"""The processing loop, shared by every backend.

One method, `Loop.run`, whose body reads as the list of steps (after RQ's
``Worker.work``): beat, maintain, pull with a timeout, process, repeat; stop on
an empty queue (drain), a max runtime, or a signal; teardown in ``finally``.

Shutdown follows RQ's convention. The first SIGTERM/SIGINT is a warm shutdown:
the job in flight may finish, within ``grace_s``; when the grace period runs
out, or on a second signal (cold shutdown), the job is interrupted and handed
back to the broker (re-queued or nacked) so nothing is lost.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from types import FrameType
from typing import Any, Protocol

from opsdoc.worker.heartbeat import Heart
from opsdoc.worker.jsonlog import JsonLog

EXIT_OK, EXIT_JOBS_FAILED, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3


class Mode(StrEnum):
    DRAIN = "drain"
    """Run to completion: exit when the queue is empty or the max runtime is reached."""
    SERVE = "serve"
    """Run until SIGTERM."""


class ShutdownImminent(BaseException):
    """Interrupts a handler at the end of the grace period (or on a second signal).

    A BaseException, so a handler's ``except Exception:`` cannot swallow it.
    """


class JobTimeout(BaseException):
    """A handler ran past its job timeout. A BaseException for the same reason."""


class BackendUnavailable(Exception):
    """The broker cannot be reached or the queue/subscription does not exist."""


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    RETRYING = "retrying"
    """Failed, and handed back for another attempt by the retry policy."""


@dataclass
class Delivery:
    """One job or message as the loop sees it."""

    id: str
    timeout_s: float
    enqueued_at: float | None = None
    attempt: int = 1
    payload: Any = None
    """Backend-specific handle (RQ job, Pub/Sub received message)."""
    error: str = ""
    """Set by the backend when the handler failed: the exception, one line."""


class Backend(Protocol):
    name: str

    def start(self, loop: Loop) -> None:
        """Connect, register, recover work abandoned by dead workers."""

    def maintain(self) -> None:
        """Periodic bookkeeping (scheduled retries, abandoned work); cheap when nothing is due."""

    def pull(self, timeout_s: float) -> Delivery | None:
        """Wait at most ``timeout_s`` for one delivery."""

    def process(self, delivery: Delivery) -> Outcome:
        """Run the handler under `Loop.guard`, then ack or fail; may raise ShutdownImminent."""

    def beat(self) -> None:
        """Backend side of a heartbeat (e.g. the RQ worker key); called from the loop's thread."""

    def stop(self) -> None:
        """Give back anything still held and unregister. Must not raise."""


class _Alarm:
    """One SIGALRM timer serving two deadlines: the job timeout and the shutdown grace."""

    def __init__(self) -> None:
        self.in_job = False
        self.job_deadline: float | None = None
        self.stop_deadline: float | None = None
        self.job_timeout_s = 0.0

    def install(self) -> None:
        signal.signal(signal.SIGALRM, self._fire)

    def arm(self) -> None:
        due = [d for d in (self.job_deadline, self.stop_deadline) if d is not None]
        if not self.in_job or not due:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        signal.setitimer(signal.ITIMER_REAL, max(min(due) - time.monotonic(), 0.001))

    def _fire(self, signum: int, frame: FrameType | None) -> None:
        if not self.in_job:
            return
        now = time.monotonic()
        # A deadline already past when the handler was entered fires at once (arm() waits 1 ms).
        if self.stop_deadline is not None and now >= self.stop_deadline:
            self.in_job = False
            raise ShutdownImminent("shutdown grace period over")
        if self.job_deadline is not None and now >= self.job_deadline:
            self.in_job = False
            raise JobTimeout(f"job exceeded its timeout of {self.job_timeout_s:g} s")
        self.arm()


_CURRENT: Loop | None = None


def progress() -> None:
    """Tell the worker a long-running handler is making progress.

    Call it between steps of a handler that runs longer than the heartbeat
    period. It runs in the handler's own thread, so a handler stuck between
    two calls still shows up as stale: that is the point.
    """
    if _CURRENT is not None:
        _CURRENT.heart.beat()


class Loop:
    """Pull, process, repeat; see the module docstring for the shutdown contract."""

    def __init__(
        self,
        backend: Backend,
        heart: Heart,
        log: JsonLog,
        *,
        mode: Mode,
        pull_timeout_s: float = 5.0,
        max_runtime_s: float | None = None,
        grace_s: float = 8.0,
        max_jobs: int | None = None,
    ) -> None:
        self.backend = backend
        self.heart = heart
        self.log = log
        self.mode = mode
        self.pull_timeout_s = pull_timeout_s
        self.max_runtime_s = max_runtime_s
        self.grace_s = grace_s
        self.max_jobs = max_jobs
        self.alarm = _Alarm()
        self.stop_requested = False
        self._signal_notes: list[tuple[str, str, str, dict[str, Any]]] = []
        """Log lines a signal handler wants written: no I/O inside the handler (it may
        interrupt a write to the same stream, or hold the log lock)."""
        self.stop_reason = ""
        self.started = time.monotonic()
        self.counts = {o.value: 0 for o in Outcome}
        self.returned = 0

    # -- the loop -----------------------------------------------------------------

    def run(self) -> int:
        """Run until drained, stopped or out of time; return the exit code."""
        global _CURRENT
        _CURRENT = self
        previous = self._install_signals()
        exit_code = EXIT_OK
        try:
            self.heart.beat("starting", force=True)
            self.backend.start(self)
            self.log.info("worker.started", f"worker started ({self.mode} mode)", mode=self.mode)
            while not self._should_stop():
                self.heart.beat("idle", "")
                self.backend.maintain()
                delivery = self.backend.pull(self._pull_timeout())
                if delivery is None:
                    if self.mode is Mode.DRAIN:
                        self.stop_reason = "queue empty"
                        break
                    continue
                self._process(delivery)
        except ShutdownImminent:
            self.stop_reason = self.stop_reason or "cold shutdown"
        except BackendUnavailable as exc:
            self.log.error("worker.unavailable", str(exc))
            self.stop_reason = "backend unavailable"
            exit_code = EXIT_UNAVAILABLE
        finally:
            self.alarm.in_job = False
            self.alarm.arm()
            self.backend.stop()
            self.heart.beat("stopped", "", force=True)
            self._restore_signals(previous)
            _CURRENT = None
        self.flush_signal_notes()
        failed = self.counts[Outcome.FAILED] + self.counts[Outcome.RETRYING]
        if exit_code == EXIT_OK and failed:
            exit_code = EXIT_JOBS_FAILED
        self.log.info(
            "worker.exit",
            f"worker exiting: {self.stop_reason or 'stopped'}",
            reason=self.stop_reason or "stopped",
            exit_code=exit_code,
            runtime_s=round(time.monotonic() - self.started, 3),
            returned=self.returned,
            **self.counts,
        )
        return exit_code

    def _process(self, delivery: Delivery) -> None:
        self.heart.beat("busy", delivery.id, force=True)
        t0 = time.monotonic()
        latency = (
            None if delivery.enqueued_at is None else round(time.time() - delivery.enqueued_at, 3)
        )
        self.log.info(
            "job.started",
            f"job {delivery.id} started",
            job=delivery.id,
            attempt=delivery.attempt,
            queue_latency_s=latency,
        )
        try:
            outcome = self.backend.process(delivery)
        except ShutdownImminent:
            self.returned += 1
            self.log.warning(
                "job.returned",
                f"job {delivery.id} interrupted by shutdown and handed back",
                job=delivery.id,
            )
            raise
        self.counts[outcome] += 1
        if outcome is Outcome.SUCCEEDED:
            self.heart.processed += 1
        else:
            self.heart.failed += 1
        emit = self.log.info if outcome is Outcome.SUCCEEDED else self.log.error
        emit(
            f"job.{outcome}",
            f"job {delivery.id} {outcome}",
            job=delivery.id,
            duration_s=round(time.monotonic() - t0, 3),
            **({"error": delivery.error} if delivery.error else {}),
        )
        self.heart.beat("idle", "", force=True)

    @contextlib.contextmanager
    def guard(self, timeout_s: float) -> Iterator[None]:
        """Wrap exactly the handler call: job timeout and shutdown grace apply inside only."""
        self.alarm.job_timeout_s = timeout_s
        self.alarm.job_deadline = time.monotonic() + timeout_s if timeout_s > 0 else None
        self.alarm.in_job = True
        self.alarm.arm()
        try:
            yield
        finally:
            self.alarm.in_job = False
            self.alarm.job_deadline = None
            self.alarm.arm()

    # -- stopping ---------------------------------------------------------------

    def flush_signal_notes(self) -> None:
        """Write what signal handlers noted, from the loop, where I/O is safe."""
        while self._signal_notes:
            severity, event, message, fields = self._signal_notes.pop(0)
            self.log.emit(severity, event, message, **fields)

    def _should_stop(self) -> bool:
        self.flush_signal_notes()
        if self.stop_requested:
            self.stop_reason = self.stop_reason or "signal"
            return True
        if self.max_runtime_s is not None and self.elapsed() >= self.max_runtime_s:
            self.stop_reason = "max runtime reached"
            return True
        done = self.counts[Outcome.SUCCEEDED] + self.counts[Outcome.FAILED]
        if self.max_jobs is not None and done + self.counts[Outcome.RETRYING] >= self.max_jobs:
            self.stop_reason = "max jobs reached"
            return True
        return False

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def _pull_timeout(self) -> float:
        timeout = self.pull_timeout_s
        if self.mode is Mode.SERVE:
            # Wake up often enough to beat and to notice a stop request.
            timeout = min(timeout, max(self.heart.period_s / 2, 0.1), 1.0)
        if self.max_runtime_s is not None:
            timeout = min(timeout, max(self.max_runtime_s - self.elapsed(), 0.05))
        return timeout

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.stop_requested:
            self._signal_notes.append(
                ("WARNING", "worker.cold_shutdown", f"second {name}: cold shutdown", {})
            )
            if self.alarm.in_job:
                self.alarm.in_job = False
                raise ShutdownImminent(f"cold shutdown ({name})")
            return
        self.stop_requested = True
        self.stop_reason = f"{name} received"
        self._signal_notes.append(
            (
                "INFO",
                "worker.warm_shutdown",
                f"{name}: finishing the job in flight (grace {self.grace_s:g} s)",
                {"grace_s": self.grace_s},
            )
        )
        # The grace period starts now, even if the handler has not been entered yet
        # (a signal between pulling a job and calling its handler): `guard` arms it then.
        self.alarm.stop_deadline = time.monotonic() + self.grace_s
        if self.alarm.in_job:
            self.alarm.arm()

    def _install_signals(self) -> dict[int, Any]:
        previous: dict[int, Any] = {
            s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM)
        }
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        self.alarm.install()
        return previous

    @staticmethod
    def _restore_signals(previous: dict[int, Any]) -> None:
        for sig, handler in previous.items():
            with contextlib.suppress(TypeError, ValueError):
                signal.signal(sig, handler)
