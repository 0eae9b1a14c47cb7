"""Heartbeat / status files to ``WorkerBeat`` records.

Hand-rolled workers (seed 002) prove they are alive by rewriting a small JSON
status file or a file holding just a timestamp. The field names vary, so we accept
the usual ones; when nothing names the worker, the file stem does.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from opsdoc.evidence import Ref, WorkerBeat
from opsdoc.sources.exports.timeparse import parse_time

TIME_FIELDS = ("last_update", "updated_at", "heartbeat", "last_heartbeat", "timestamp", "ts")
_NAME_FIELDS = ("worker", "name", "id", "worker_name", "worker_id")
_STATE_FIELDS = ("state", "status")
_PERIOD_FIELDS = ("period_s", "heartbeat_period_s", "interval_s", "heartbeat_interval")
"""Seconds between beats, when the worker writes it (opsdoc's reference worker does):
a worker beating every 5 minutes is not stale after 2."""


_TIME_KEY = re.compile(
    r"(?i)(?:^|_)(?:at|ts|time|seen|beat|alive|tick|ping|stamp)$|heartbeat|updated|timestamp|^last_"
)
_NOT_LIVENESS = re.compile(r"(?i)start|creat|boot|birth|born|enqueued|expire|deadline|next")
_PERIOD_KEY = re.compile(r"(?i)period|interval|every|cadence")


def heartbeat_field(obj: dict[str, Any]) -> str | None:
    """The timestamp field of a status object, when it has one that parses.

    The usual names first; then any field whose name says "when last" (``last_seen``,
    ``heartbeat_at``, ``ts``, ``alive_at``...) and whose value is an ISO-8601 time
    or epoch seconds. Start and creation times say nothing about liveness.
    """
    for key in TIME_FIELDS:
        if key in obj and parse_time(obj[key]) is not None:
            return key
    for key, value in obj.items():
        if (
            isinstance(key, str)
            and isinstance(value, str | int | float)
            and not isinstance(value, bool)
            and _TIME_KEY.search(key)
            and not _NOT_LIVENESS.search(key)
            and parse_time(value) is not None
        ):
            return key
    return None


def beat_from_object(display: str, obj: dict[str, Any]) -> WorkerBeat | None:
    key = heartbeat_field(obj)
    if key is None:
        return None
    name = next((str(obj[k]) for k in _NAME_FIELDS if isinstance(obj.get(k), str | int)), "")
    pid = obj.get("pid")
    state = next((str(obj[k]) for k in _STATE_FIELDS if isinstance(obj.get(k), str)), "")
    return WorkerBeat(
        ref=Ref("exports", display),
        worker=name or PurePath(display).stem,
        at=parse_time(obj[key]),
        pid=int(pid) if isinstance(pid, int | str) and str(pid).isdigit() else None,
        state=state,
        period_s=_period(obj),
        host=next((str(obj[k]) for k in ("hostname", "host") if isinstance(obj.get(k), str)), ""),
    )


def _period(obj: dict[str, Any]) -> float | None:
    """Seconds between beats: a known field, else any interval-like one (``interval``,
    ``period``, ``every_ms``...), in the unit its name gives (seconds by default)."""
    keys = [k for k in _PERIOD_FIELDS if k in obj]
    keys += [k for k in obj if isinstance(k, str) and k not in keys and _PERIOD_KEY.search(k)]
    for key in keys:
        value = obj.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1e7:
            lower = key.lower()
            if lower.endswith("_ms"):
                return float(value) / 1000
            if lower.endswith(("_min", "_mins", "_minutes")):
                return float(value) * 60
            return float(value)
    return None


def beat_from_text(display: str, text: str) -> WorkerBeat | None:
    """A file whose whole content is one timestamp (ISO-8601 or epoch seconds)."""
    token = text.strip()
    if not token or len(token) > 64 or len(token.split()) > 2:
        return None
    at = parse_time(token)
    if at is None:
        return None
    return WorkerBeat(ref=Ref("exports", display), worker=PurePath(display).stem, at=at)
