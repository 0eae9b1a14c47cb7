"""Typed, immutable evidence records: what sources know, in one shape.

A record looks the same whether it came from a live API, a gcloud export or the
project's code, so checks never care where a fact came from. Every record keeps a
`Ref` to its origin: findings quote it, and users can go and look.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class Ref:
    """Where a record came from."""

    source: str
    """Name of the source that produced the record (``exports``, ``code``, ``redis``...)."""
    location: str
    """API resource name, ``file#index`` for an export entry, or ``path:line`` for code."""

    def __str__(self) -> str:
        return self.location

    @property
    def file(self) -> str:
        """The file of an export entry (``logs.json#12``, ``worker.log:7``), else the location."""
        return location_file(self.location)


def location_file(location: str) -> str:
    """``logs.json#12`` and ``worker.log:7`` name an entry of a file; the file is the rest."""
    head, sep, tail = location.rpartition("#")
    if sep and tail.isdigit():
        return head
    head, sep, tail = location.rpartition(":")
    if sep and tail.isdigit():
        return head
    return location


@dataclass(frozen=True, slots=True)
class Record:
    """Base of every evidence record."""

    ref: Ref
    """Origin of the record."""


@dataclass(frozen=True, slots=True)
class Execution(Record):
    """One Cloud Run Job execution (or any run-to-completion attempt)."""

    name: str
    """Execution name, e.g. ``ingest-fjj8s``."""
    job: str
    """Name of the job the execution belongs to."""
    start_time: datetime | None
    completion_time: datetime | None
    status: str
    """One of ``succeeded``, ``failed``, ``running``, ``cancelled``."""
    reason: str = ""
    """Machine reason of the Completed condition, e.g. ``NonZeroExitCode``."""
    message: str = ""
    """Human message of the Completed condition."""
    timed_out: bool = False
    """True when the platform killed a task because it reached the task timeout."""
    task_timeout_s: float | None = None
    """Per-attempt task timeout in seconds."""
    task_count: int = 1
    succeeded_count: int = 0
    failed_count: int = 0
    cancelled_count: int = 0
    retried_count: int = 0
    region: str = ""

    @property
    def duration(self) -> timedelta | None:
        if self.start_time and self.completion_time:
            return self.completion_time - self.start_time
        return None


@dataclass(frozen=True, slots=True)
class JobConfig(Record):
    """A Cloud Run Job's (or other run-to-completion job's) configuration."""

    name: str
    task_timeout_s: float | None
    max_retries: int | None = None
    task_count: int = 1
    parallelism: int | None = None
    image: str = ""
    command: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    """Plain-value environment variables (secret references are omitted)."""
    region: str = ""


@dataclass(frozen=True, slots=True)
class ServiceConfig(Record):
    """A Cloud Run service's configuration (latest revision template)."""

    name: str
    request_timeout_s: float | None
    """Request timeout in seconds (Cloud Run default 300)."""
    cpu_throttling: bool = True
    """True when CPU is only allocated during requests (the Cloud Run default)."""
    concurrency: int | None = None
    min_scale: int | None = None
    max_scale: int | None = None
    image: str = ""
    command: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    latest_revision: str = ""
    region: str = ""


@dataclass(frozen=True, slots=True)
class Subscription(Record):
    """A Pub/Sub subscription's configuration (never its messages)."""

    name: str
    topic: str = ""
    ack_deadline_s: float | None = None
    push_endpoint: str = ""
    dead_letter_topic: str = ""
    max_delivery_attempts: int | None = None
    exactly_once: bool = False
    state: str = ""


@dataclass(frozen=True, slots=True)
class HttpInfo:
    """The request part of a request log entry."""

    method: str = ""
    url: str = ""
    path: str = ""
    status: int | None = None
    latency_s: float | None = None


@dataclass(frozen=True, slots=True)
class LogRecord(Record):
    """One log line or LogEntry, normalised.

    Log exports can be gigabytes, so sources keep only informative records
    (warnings and errors, slow or failed requests, server start-up and platform
    lines, bounded samples of the rest) and summarise the remainder in `LogSummary`.
    """

    timestamp: datetime | None
    severity: str
    """Normalised: DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY or DEFAULT."""
    message: str
    stream: str = ""
    """``stdout``, ``stderr``, ``requests``, ``system`` (platform) or ``file`` (plain-text log)."""
    resource_type: str = ""
    """``cloud_run_revision``, ``cloud_run_job``, or empty for local logs."""
    service: str = ""
    revision: str = ""
    job: str = ""
    execution: str = ""
    task_index: int | None = None
    instance: str = ""
    """Instance id, pid or worker name: what identifies the emitting process."""
    http: HttpInfo | None = None
    task_attempt: int | None = None
    """Cloud Run Jobs' ``run.googleapis.com/task_attempt``: 0 for a task's first run, more
    when the task was retried after its container ended."""

    @property
    def is_error(self) -> bool:
        """Errors by severity, or by content when the line carries no severity.

        Cloud Run gives plain stdout/stderr lines severity DEFAULT, so a Python
        traceback printed to stderr is only recognisable by what it says.
        """
        if self.severity in _ERROR_SEVERITIES:
            return True
        return self.severity in {"DEFAULT", ""} and looks_like_error(self.message)


@dataclass(frozen=True, slots=True)
class LogSummary(Record):
    """Counts over every log entry of one resource and stream, kept or not."""

    resource_type: str
    resource: str
    """Service or job name."""
    stream: str
    entries: int
    errors: int
    warnings: int
    first: datetime | None
    last: datetime | None
    execution: str = ""
    """For job logs: the execution the counts belong to (one summary per execution)."""
    sampled: int = 0
    """Console entries (stdout/stderr) classified, at most a bounded sample."""
    server_sampled: int = 0
    """Of those, lines a web server or the platform printed by itself."""


@dataclass(frozen=True, slots=True)
class QueueStats(Record):
    """State of one queue (RQ queue or Pub/Sub subscription backlog)."""

    queue: str
    backend: str
    """``rq`` or ``pubsub``."""
    depth: int
    oldest_age_s: float | None = None
    started: int = 0
    failed: int = 0
    finished: int = 0
    deferred: int = 0
    scheduled: int = 0
    canceled: int = 0
    consumers: int | None = None
    """Live consumers (workers listening), None when unknown."""
    expired_acks: int | None = None
    """Pub/Sub: ack deadlines that expired in the metrics window (redeliveries); None when unknown."""
    observed_at: datetime | None = None
    """When the state was read, when the source says (``rq info``'s ``Updated:`` line)."""


@dataclass(frozen=True, slots=True)
class WorkerBeat(Record):
    """A worker's last sign of life (RQ heartbeat, status file)."""

    worker: str
    at: datetime | None
    pid: int | None = None
    state: str = ""
    queues: tuple[str, ...] = ()
    current_job: str = ""
    period_s: float | None = None
    """Expected heartbeat period when the source knows it."""
    host: str = ""
    """Hostname the worker registered from (rq's ``hostname``), when the source says."""


@dataclass(frozen=True, slots=True)
class JobRecord(Record):
    """One queued job (RQ job hash or its equivalent)."""

    job_id: str
    queue: str
    func: str
    status: str
    timeout_s: float | None = None
    enqueued_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    exc_summary: str = ""


@dataclass(frozen=True, slots=True)
class ModelRef(Record):
    """A model ID found in code, config, a deployment or a log line."""

    model_id: str
    context: str = ""
    """``code``, ``config``, ``env``, ``log``."""
    table: str = ""
    """``path:line`` of the container literal (a dict or list of settings rows) holding
    the ID, when it sits in one: rows of one table are one place to change (M005)."""
    setting: str = ""
    """The module-level constant the literal is bound to (``ANALYSIS_MODEL``), if any:
    constants of different names are settings of different roles (M005)."""
    listed: bool = False
    """The ID is one element of a list or tuple of alternatives (the choices a user may
    pick, a fallback chain): in use when the list reaches a call, but not a copy of the
    setting (M005)."""


@dataclass(frozen=True, slots=True)
class CodeSite(Record):
    """A fact extracted from the project's code or config files.

    ``kind`` names the fact (e.g. ``blocking-wait``, ``http-handler``,
    ``job-context``); ``attrs`` holds its details as sorted key/value pairs so the
    record stays hashable.
    """

    kind: str
    path: str
    line: int
    snippet: str = ""
    function: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, key: str, default: str = "") -> str:
        for k, v in self.attrs:
            if k == key:
                return v
        return default

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class ProcessInfo(Record):
    """A local process as the process table shows it (read-only, never signalled).

    A stale heartbeat alone cannot tell a hung worker from a dead one; whether its
    pid is still running can.
    """

    pid: int
    name: str = ""
    cmdline: tuple[str, ...] = ()
    """Arguments, redacted (command lines carry tokens and passwords)."""
    alive: bool = True
    """False for a pid that was asked about and is gone (or a zombie awaiting its parent)."""
    cpu_percent: float | None = None
    """CPU use over a short sampling window; 0 for a blocked process, ~100 for a spinning one."""
    status: str = ""
    """psutil's status: ``running``, ``sleeping``, ``disk-sleep``, ``stopped``, ``zombie``..."""
    create_time: datetime | None = None
    """When the process started: a pid younger than a heartbeat is not its writer."""
    stack: tuple[str, ...] = ()
    """The main thread's frames, innermost first (``Future.result (concurrent/futures/
    _base.py:451)``), when a thread dump (``py-spy dump``) gave them."""


_ERROR_SEVERITIES = frozenset({"ERROR", "CRITICAL", "ALERT", "EMERGENCY"})
_ERROR_TEXT = re.compile(
    r"Traceback \(most recent call last\)|^\s*(?:[\w.]+\.)?\w*(?:Error|Exception)\b:|"
    r"(?:^|\s|\[)(?:ERROR|CRITICAL|FATAL)(?:\]|:|\s)|Error code: [45]\d\d|"
    r"(?i:\blevel=\"?(?:error|err|critical|fatal|panic)\b)|"
    r"(?i:\"(?:level|severity|levelname)\"\s*:\s*\"(?:error|err|critical|fatal)\")",
    re.M,
)

_ERROR_HINTS = ("rror", "RROR", "xception", "FATAL", "CRITICAL", "Traceback", "evel", "EVEL")


def looks_like_error(text: str) -> bool:
    """An unlabelled line that reports an error by what it says (cheap test first)."""
    head = text[:4000]
    return any(h in head for h in _ERROR_HINTS) and bool(_ERROR_TEXT.search(head))


_WARNING_TEXT = re.compile(
    r"^(?:\S+\s+){0,3}?\[?(?:WARNING|WARN)\]?(?::|\s)|"
    r"(?i:\blevel=\"?warn(?:ing)?\b)|(?i:\"(?:level|severity|levelname)\"\s*:\s*\"warn(?:ing)?\")"
)


def looks_like_warning(text: str) -> bool:
    """An unlabelled line whose logger printed it at WARNING (``WARNING app: ...``,
    ``2026-11-24 02:00:05 [WARNING] ...``, ``level=warn``): on Cloud Run plain stderr
    arrives as DEFAULT, yet a warning that carries a failure still says one happened."""
    head = text[:200]
    return ("ARN" in head or "arn" in head) and bool(_WARNING_TEXT.search(head))


R = TypeVar("R", bound=Record)


@dataclass
class Evidence:
    """Everything the sources collected for one run, plus the reference time.

    Checks read it; they never do I/O and never read the clock (use `as_of`).
    """

    as_of: datetime
    records: list[Record] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    """Per-check thresholds from the configuration, keyed by setting name."""
    _by_kind: dict[type, list[Record]] = field(default_factory=dict, repr=False)

    def add(self, records: Iterable[Record]) -> None:
        for rec in records:
            self.records.append(rec)
            self._by_kind.setdefault(type(rec), []).append(rec)

    def of(self, kind: type[R]) -> list[R]:
        """Records of exactly this kind, in the order sources produced them."""
        return list(self._by_kind.get(kind, ()))  # type: ignore[arg-type]

    def has(self, kind: type[Record]) -> bool:
        return bool(self._by_kind.get(kind))

    def kinds(self) -> set[type[Record]]:
        return {k for k, v in self._by_kind.items() if v}

    def code(self, kind: str) -> Iterator[CodeSite]:
        """Code facts of one kind."""
        for site in self.of(CodeSite):
            if site.kind == kind:
                yield site

    def setting(self, name: str, default: Any) -> Any:
        return self.settings.get(name, default)


RECORD_KINDS: dict[str, type[Record]] = {
    cls.__name__: cls
    for cls in (
        Execution,
        JobConfig,
        ServiceConfig,
        Subscription,
        LogRecord,
        LogSummary,
        QueueStats,
        WorkerBeat,
        JobRecord,
        ModelRef,
        CodeSite,
        ProcessInfo,
    )
}
"""Evidence kinds by name, as checks and `opsdoc checks` refer to them."""
