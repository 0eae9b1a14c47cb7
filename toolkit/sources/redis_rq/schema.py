"""RQ's Redis key layout and hash fields, across rq 1.x, 2.x and 3.x.

Read from rq's own source (``registry.py``, ``job.py``, ``results.py``,
``worker_registration.py``, ``executions.py``) rather than from its API, because
the API writes as it reads (``rq info`` prunes registries) and unpickles job data.
What differs between majors and matters here:

- every major keeps queued job ids in the list ``rq:queue:<q>``, listed in the set
  ``rq:queues``, and the started registry in ``rq:wip:<q>`` (1.x members are job
  ids; 2.x and 3.x members are ``<job id>:<execution id>``);
- since 1.12 a job's outcome lives in the stream ``rq:results:<job id>``
  (``exc_string`` is base64 of zlib); before, ``exc_info`` in the job hash is zlib;
- 1.x and 2.x workers write ``current_job`` into their hash; 3.x keeps running
  executions in the set ``rq:worker:<name>:executions`` instead;
- 3.x lets the prefix ``rq`` be changed (``RQ_KEY_PREFIX``).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

REGISTRIES = ("wip", "failed", "finished", "deferred", "scheduled", "canceled")
"""Per-queue sorted sets, in the order of `QueueStats` fields (wip is ``started``)."""

JOB_FIELDS = (
    "status",
    "origin",
    "description",
    "timeout",
    "enqueued_at",
    "started_at",
    "ended_at",
    "exc_info",
)
"""Job hash fields we read. ``data`` (pickled arguments, unbounded size) is never read."""

MAX_BLOB = 1 << 20
"""Decompressed bytes of a traceback we accept: a bound against hostile blobs."""


@dataclass(frozen=True)
class Keys:
    """Key names under one prefix."""

    prefix: str = "rq"

    @property
    def queues(self) -> str:
        return f"{self.prefix}:queues"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    @property
    def queue_prefix(self) -> str:
        return f"{self.prefix}:queue:"

    @property
    def worker_prefix(self) -> str:
        return f"{self.prefix}:worker:"

    def queue(self, name: str) -> str:
        return f"{self.prefix}:queue:{name}"

    def queue_workers(self, queue: str) -> str:
        return f"{self.prefix}:workers:{queue}"

    def registry(self, kind: str, queue: str) -> str:
        return f"{self.prefix}:{kind}:{queue}"

    def job(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}"

    def results(self, job_id: str) -> str:
        return f"{self.prefix}:results:{job_id}"

    def worker_executions(self, worker: str) -> str:
        return f"{self.prefix}:worker:{worker}:executions"


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def rq_time(value: object) -> datetime | None:
    """rq's ``utcformat`` (``%Y-%m-%dT%H:%M:%S.%fZ``, older without fraction) as aware UTC."""
    raw = text(value).strip()
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            return datetime.fromtimestamp(float(raw), tz=UTC)
        except (ValueError, OverflowError, OSError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def number(value: object) -> float | None:
    try:
        return float(text(value))
    except ValueError:
        return None


def integer(value: object) -> int | None:
    try:
        return int(text(value))
    except ValueError:
        return None


def job_id_of(member: object) -> str:
    """The job id of a registry member: rq 2.x+ started registries hold ``job:execution``."""
    return text(member).partition(":")[0]


_CALL = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\(")


def func_name(description: str) -> str:
    """The dotted function name from rq's call-string description (``mod.func(1, x=2)``).

    The authoritative name is inside the pickled ``data`` field; reading it would
    mean unpickling untrusted bytes or fetching unbounded payloads, while rq builds
    the default description from the same name.
    """
    m = _CALL.match(description)
    return m.group(1) if m else description.strip()[:120]


def _inflate(blob: bytes) -> str:
    d = zlib.decompressobj()
    out = d.decompress(blob, MAX_BLOB)
    return out.decode("utf-8", errors="replace")


def exc_from_job_hash(value: object) -> str:
    """The job hash's ``exc_info``: zlib-compressed text (rq < 1.12, or no streams)."""
    if not value:
        return ""
    blob = value if isinstance(value, bytes) else text(value).encode()
    try:
        return _inflate(blob)
    except zlib.error:
        return text(blob)


def exc_from_result(fields: dict[bytes, bytes]) -> str:
    """``exc_string`` of a result-stream entry: base64 of zlib text (rq >= 1.12)."""
    raw = fields.get(b"exc_string")
    if not raw:
        return ""
    try:
        return _inflate(base64.b64decode(raw, validate=False))
    except (binascii.Error, zlib.error, ValueError):
        return ""


def last_line(traceback_text: str) -> str:
    """The exception line of a traceback: what a human reads first."""
    for line in reversed(traceback_text.strip().splitlines()):
        if line.strip():
            return line.strip()[:500]
    return ""
