"""RQ backend: rq's own queues, registries, worker registration and heartbeats.

`rq info`, rq-dashboard and opsdoc's Redis checks see this worker as a normal
RQ worker: it registers with ``register_birth``, runs jobs through rq's
execution and result bookkeeping (StartedJobRegistry, FailedJobRegistry,
``Retry``), and heartbeats the worker, execution and job keys in one pipeline.

Two things differ from ``rq worker``. Jobs run in the worker process, as with
rq's SimpleWorker (no fork per job), which is what makes it fast. And dequeue
is the reliable-queue pattern: ``BLMOVE`` from the queue into a per-worker
in-flight list, so a SIGKILL at any instant leaves every job id in exactly one
place; a later worker finds the dead worker's list and puts its jobs back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsdoc.redact import redact
from opsdoc.worker.loop import (
    BackendUnavailable,
    Delivery,
    JobTimeout,
    Outcome,
    ShutdownImminent,
)

if TYPE_CHECKING:
    from redis import Redis

    from opsdoc.worker.loop import Loop

INFLIGHT_LISTS = "opsdoc:rq:inflight-lists:{queue}"
"""Set of the in-flight list keys of every opsdoc worker on a queue."""
INFLIGHT = "opsdoc:rq:inflight:{queue}:{worker}"
RECOVER_EVERY_S = 15.0
_MOVE_BACK = """
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then
  redis.call('LPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0
"""
SCHEDULE_EVERY_S = 1.0


RECONNECT_FOR_S = 30.0
"""How long a worker keeps reconnecting to a Redis that went away (a restart takes a
few seconds) before it exits 3."""


def host_token() -> str:
    """Identifies this machine (container): same token and a dead pid means a dead worker."""
    boot = ""
    with contextlib.suppress(OSError):
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    return f"{socket.gethostname()}/{boot}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _quiet_logger() -> logging.Logger:
    """rq logs in its own text format; our loop logs the same facts as JSON instead."""
    log = logging.getLogger("opsdoc.worker.rq")
    log.addHandler(logging.NullHandler())
    log.propagate = False
    return log


class RQBackend:
    name = "rq"

    def __init__(
        self,
        url: str,
        queue: str,
        *,
        worker_name: str,
        retries: int = 0,
        retry_backoff_s: float = 0.0,
        default_timeout_s: float = 180.0,
    ) -> None:
        self.url = url
        self.queue_name = queue
        self.worker_name = worker_name
        self.retries = retries
        self.retry_backoff_s = retry_backoff_s
        self.default_timeout_s = default_timeout_s
        self.inflight = INFLIGHT.format(queue=queue, worker=worker_name)
        self.lists_key = INFLIGHT_LISTS.format(queue=queue)
        self.host = host_token()
        self._current: tuple[Any, Any] | None = None
        self._next_recover = 0.0
        self._next_schedule = 0.0
        self._conn_failures = 0
        self._down_since: float | None = None
        self.reconnect_for_s = RECONNECT_FOR_S

    # -- lifecycle ----------------------------------------------------------------

    def start(self, loop: Loop) -> None:
        from redis import Redis
        from redis.exceptions import RedisError
        from rq import Queue
        from rq.scheduler import RQScheduler
        from rq.worker import SimpleWorker

        self.loop = loop
        self.log = loop.log
        try:
            self.conn: Redis = Redis.from_url(
                self.url,
                socket_connect_timeout=5,
                socket_timeout=loop.pull_timeout_s + 10,
                health_check_interval=30,
            )
            self.conn.ping()
            self.queue = Queue(self.queue_name, connection=self.conn)
            ttl = int(max(loop.heart.period_s * 3, 15))
            self.worker = SimpleWorker([self.queue], name=self.worker_name, connection=self.conn,
                                       worker_ttl=ttl)  # fmt: skip
            self.worker.log = _quiet_logger()
            self.worker.register_birth()
            self.conn.hset(self.worker.key, "opsdoc_host", self.host)
            self.worker.set_state("started")
            self.conn.sadd(self.lists_key, self.inflight)
            self._move_back = self.conn.register_script(_MOVE_BACK)
            self.scheduler = RQScheduler(
                [self.queue_name], connection=self.conn, logging_level=logging.WARNING
            )
        except RedisError as exc:
            raise BackendUnavailable(f"redis {redact(self.url)}: {exc}") from None
        loop.heart.on_beat = self.beat
        self.recover_abandoned()

    def stop(self) -> None:
        """Give back what we hold, then register death (what ``rq info`` shows)."""
        if not hasattr(self, "worker"):
            return
        try:
            self._return_inflight(self.inflight)
            self.conn.srem(self.lists_key, self.inflight)
            self.worker.register_death()
        except Exception as exc:  # teardown must not mask the exit reason
            self.log.error("worker.teardown_failed", f"teardown: {type(exc).__name__}: {exc}")

    # -- the loop's steps ---------------------------------------------------------

    def beat(self) -> None:
        """Worker (and, during a job, execution and job) heartbeats in one pipeline."""
        from redis.exceptions import RedisError

        try:
            if self._current is not None:
                job, execution = self._current
                self.worker.maintain_heartbeats(job, execution)
            else:
                self.worker.heartbeat(self.worker.worker_ttl)
        except RedisError:
            pass  # the next pull reports the connection problem

    def maintain(self) -> None:
        now = time.monotonic()
        if now >= self._next_schedule:
            self._next_schedule = now + SCHEDULE_EVERY_S
            self._promote_scheduled()
        if now >= self._next_recover:
            self._next_recover = now + RECOVER_EVERY_S
            self.recover_abandoned()

    def pull(self, timeout_s: float) -> Delivery | None:
        from redis.exceptions import ConnectionError, TimeoutError
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        try:
            wait: Any = max(
                timeout_s, 0.01
            )  # redis-py types it int; Redis >= 6 takes seconds as float
            raw = self.conn.blmove(self.queue.key, self.inflight, wait, "LEFT", "RIGHT")
            self._conn_failures = 0
            self._down_since = None
        except (ConnectionError, TimeoutError) as exc:
            self._connection_lost(exc)
            return None
        if raw is None:
            return None
        job_id = raw.decode() if isinstance(raw, bytes) else str(raw)
        try:
            job = Job.fetch(job_id, connection=self.conn, serializer=self.worker.serializer)
        except NoSuchJobError:
            self.conn.lrem(self.inflight, 1, job_id)  # deleted while queued: nothing to do
            return None
        except (ConnectionError, TimeoutError) as exc:
            # The id stays in the in-flight list: recovery hands the job back later.
            self._connection_lost(exc)
            return None
        enqueued = job.enqueued_at.timestamp() if job.enqueued_at else None
        timeout = float(job.timeout) if job.timeout and job.timeout > 0 else self.default_timeout_s
        return Delivery(
            id=job.id,
            timeout_s=timeout,
            enqueued_at=enqueued,
            payload=job,
        )

    def process(self, delivery: Delivery) -> Outcome:
        from redis.exceptions import ConnectionError, TimeoutError

        try:
            return self._process(delivery)
        except (ConnectionError, TimeoutError) as exc:
            # Redis went away while recording the job: it stays in the in-flight list
            # (recovered later, never lost); the worker exits 3 with a clear message.
            self._current = None
            raise BackendUnavailable(
                f"redis {redact(self.url)}: connection lost while recording job "
                f"{delivery.id} ({exc}); it stays in flight and is handed back on recovery"
            ) from None

    def _process(self, delivery: Delivery) -> Outcome:
        from rq.job import JobStatus, Retry
        from rq.utils import now

        job = delivery.payload
        worker = self.worker
        execution = worker.prepare_execution(job)
        worker.prepare_job_execution(job, remove_from_intermediate_queue=False)
        self._current = (job, execution)
        job.started_at = now()
        try:
            with self.loop.guard(delivery.timeout_s):
                result = job.perform()
        except ShutdownImminent:
            self._current = None
            self._give_back(job, execution)
            raise
        except (Exception, JobTimeout, SystemExit, KeyboardInterrupt) as exc:
            self._current = None
            delivery.error = f"{type(exc).__name__}: {exc}"[:500]
            self._apply_retry_policy(job)
            worker._finalize_failure(job, self.queue, execution, sys.exc_info())
            outcome = Outcome.RETRYING if job.get_status() != JobStatus.FAILED else Outcome.FAILED
        else:
            self._current = None
            worker._finalize_success(job, self.queue, execution, result)
            outcome = Outcome.RETRYING if isinstance(result, Retry) else Outcome.SUCCEEDED
        self.conn.lrem(self.inflight, 1, job.id)
        worker.set_state("idle")
        return outcome

    # -- helpers ------------------------------------------------------------------

    def _connection_lost(self, exc: Exception) -> None:
        """Reconnect with bounded backoff (0.25 s doubling to 5 s) for at most
        `reconnect_for_s`, then give up: `BackendUnavailable`, exit 3."""
        now_s = time.monotonic()
        if self._down_since is None:
            self._down_since = now_s
        self._conn_failures += 1
        down = now_s - self._down_since
        if down >= self.reconnect_for_s:
            raise BackendUnavailable(
                f"redis {redact(self.url)} unreachable for {down:.0f} s "
                f"({self._conn_failures} attempts): {exc}"
            )
        self.log.error("worker.redis_error", f"redis unreachable, retrying: {exc}")
        pause = min(2.0 ** min(self._conn_failures, 5) / 8, 5.0)
        time.sleep(max(0.0, min(pause, self.reconnect_for_s - down)))
        return None

    def _apply_retry_policy(self, job: Any) -> None:
        """The worker's default policy, for jobs enqueued without their own ``Retry``."""
        if self.retries > 0 and job.retries_left is None:
            job.retries_left = self.retries
            job.retry_intervals = [
                int(self.retry_backoff_s * 2**i) for i in range(self.retries)
            ] or [0]

    def _give_back(self, job: Any, execution: Any) -> None:
        from rq.job import JobStatus

        with self.conn.pipeline() as pipe:
            self.worker.cleanup_execution(job, pipeline=pipe, execution=execution)
            job.set_status(JobStatus.QUEUED, pipeline=pipe)
            pipe.lpush(self.queue.key, job.id)
            pipe.lrem(self.inflight, 1, job.id)
            pipe.execute()
        self.worker.set_state("idle")

    def _promote_scheduled(self) -> None:
        """Enqueue due retries/scheduled jobs, as rq's scheduler would (no extra process)."""
        from redis.exceptions import RedisError

        try:
            if self.scheduler.acquire_locks():
                self.scheduler.enqueue_scheduled_jobs()
        except RedisError:
            pass

    def recover_abandoned(self) -> None:
        """Put back the in-flight jobs of workers that died (SIGKILL, OOM, lost node)."""
        from redis.exceptions import RedisError

        try:
            for raw in self.conn.smembers(self.lists_key):
                key = raw.decode() if isinstance(raw, bytes) else str(raw)
                if key == self.inflight:
                    continue
                worker = key.rsplit(":", 1)[-1]
                if self._is_dead(worker):
                    self._return_inflight(key, dead_worker=worker)
        except RedisError as exc:
            self.log.warning("worker.recover_failed", f"could not check abandoned jobs: {exc}")

    def _is_dead(self, worker: str) -> bool:
        info = self.conn.hgetall(f"rq:worker:{worker}")
        if not info or b"death" in info:
            return True
        pid = _text(info.get(b"pid", b""))
        same_host = _text(info.get(b"opsdoc_host", b"")) == self.host
        return same_host and pid.isdigit() and not _pid_alive(int(pid))

    def _return_inflight(self, key: str, dead_worker: str = "") -> None:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus
        from rq.worker_registration import REDIS_WORKER_KEYS, WORKERS_BY_QUEUE_KEY

        for raw in self.conn.lrange(key, 0, -1):
            job_id = raw.decode() if isinstance(raw, bytes) else str(raw)
            try:
                job = Job.fetch(job_id, connection=self.conn, serializer=self.worker.serializer)
                status = job.get_status()
            except NoSuchJobError:
                self.conn.lrem(key, 1, job_id)
                continue
            if status not in (JobStatus.STARTED, JobStatus.QUEUED):
                self.conn.lrem(key, 1, job_id)  # finished before its worker died: done
                continue
            with self.conn.pipeline() as pipe:
                job.started_job_registry.remove_executions(job, pipeline=pipe)
                job.set_status(JobStatus.QUEUED, pipeline=pipe)
                pipe.execute()
            # Atomic: a job id is in the in-flight list or on the queue, never neither,
            # and two workers recovering the same list cannot both re-queue it.
            if not self._move_back(keys=[key, self.queue.key], args=[job_id]):
                continue
            self.log.warning(
                "job.recovered",
                f"job {job_id} put back on {self.queue_name}"
                + (f" (worker {dead_worker} is dead)" if dead_worker else ""),
                job=job_id,
                dead_worker=dead_worker,
            )
        if dead_worker:
            with self.conn.pipeline() as pipe:
                pipe.srem(self.lists_key, key)
                wkey = f"rq:worker:{dead_worker}"
                pipe.srem(REDIS_WORKER_KEYS, wkey)
                pipe.srem(WORKERS_BY_QUEUE_KEY % self.queue_name, wkey)
                pipe.delete(f"rq:worker:{dead_worker}:executions")
                pipe.execute()
