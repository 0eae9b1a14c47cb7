"""Heartbeat / status files to ``WorkerBeat`` records.

Hand-rolled workers (seed 002) prove they are alive by rewriting a small JSON
status file or a file holding just a timestamp. The field names vary, so we accept
the usual ones; when nothing names the worker, the file stem does.
"""

from __future__ import annotations

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


def heartbeat_field(obj: dict[str, Any]) -> str | None:
    """The timestamp field of a status object, when it has one that parses."""
    for key in TIME_FIELDS:
        if key in obj and parse_time(obj[key]) is not None:
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
    )


def _period(obj: dict[str, Any]) -> float | None:
    for key in _PERIOD_FIELDS:
        value = obj.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1e7:
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
