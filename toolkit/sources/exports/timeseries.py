"""Cloud Monitoring time series of Pub/Sub subscriptions, as the Monitoring API returns them.

``projects.timeSeries.list`` answers ``{"timeSeries": [{"metric": {"type": ...},
"resource": {"type": "pubsub_subscription", "labels": {"subscription_id": ...}},
"points": [{"interval": {"endTime": ...}, "value": {"int64Value": "4087"}}, ...]}]}``,
newest point first; the Console's "download JSON" and scripts around the API save that
body (gcloud has no command for it). The backlog metrics become one `QueueStats` per
subscription and point in time, so the queue checks see the backlog's history:
``num_undelivered_messages`` is the depth, ``oldest_unacked_message_age`` the age of its
head. Each metric usually comes in a file of its own; `merge_backlogs` joins the two.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from opsdoc.evidence import QueueStats, Record, Ref
from opsdoc.nested import dig
from opsdoc.sources.exports.timeparse import parse_iso

PREFIX = "pubsub.googleapis.com/subscription/"
DEPTH = "num_undelivered_messages"
AGE = "oldest_unacked_message_age"
MAX_POINTS = 120
"""Newest points kept per series: two hours at one-minute alignment."""
_AGE_ONLY = "#age"
"""Marks a record that holds only the head's age until `merge_backlogs` joins it."""


def is_time_series(obj: Any) -> bool:
    """A ``timeSeries.list`` body, or its bare list of series."""
    series = obj.get("timeSeries") if isinstance(obj, dict) else obj
    if not isinstance(series, list) or not series:
        return False
    first = series[0]
    return isinstance(first, dict) and "metric" in first and "points" in first


def backlog_records(obj: Any, display: str) -> list[Record]:
    """`QueueStats` of the backlog metrics in the body (other metrics are left out)."""
    series = obj.get("timeSeries") if isinstance(obj, dict) else obj
    out: list[Record] = []
    for s in series if isinstance(series, list) else []:
        if not isinstance(s, dict):
            continue
        metric = str(dig(s, "metric", "type") or "")
        if not metric.startswith(PREFIX) or metric[len(PREFIX) :] not in (DEPTH, AGE):
            continue
        sub = str(dig(s, "resource", "labels", "subscription_id") or "")
        raw = s.get("points")
        read = (_point(p) for p in (raw if isinstance(raw, list) else []))
        points = [p for p in read if p is not None]
        if not sub or not points:
            continue
        points.sort(key=lambda p: p[0])
        age = metric.endswith(AGE)
        for at, value in points[-MAX_POINTS:]:
            where = f"{display}:{sub}@{at.isoformat().replace('+00:00', 'Z')}"
            out.append(
                QueueStats(
                    ref=Ref("exports", where + (_AGE_ONLY if age else "")),
                    queue=sub,
                    backend="pubsub",
                    depth=0 if age else int(value),
                    oldest_age_s=value if age else None,
                    observed_at=at,
                )
            )
    return out


def merge_backlogs(records: Iterable[Record]) -> list[Record]:
    """Join each age-only record to the depth of the same subscription at the same time.
    An age with no depth beside it keeps the only depth it proves: one message at least."""
    records = list(records)
    depth_at: dict[tuple[str, datetime | None], QueueStats] = {}
    for r in records:
        if isinstance(r, QueueStats) and r.backend == "pubsub" and r.oldest_age_s is None:
            depth_at.setdefault((r.queue, r.observed_at), r)
    merged: dict[int, QueueStats] = {}
    out: list[Record] = []
    for r in records:
        if not (isinstance(r, QueueStats) and r.ref.location.endswith(_AGE_ONLY)):
            out.append(r)
            continue
        ref = Ref(r.ref.source, r.ref.location[: -len(_AGE_ONLY)])
        twin = depth_at.get((r.queue, r.observed_at))
        if twin is None:
            depth = 1 if (r.oldest_age_s or 0) > 0 else 0
            out.append(
                QueueStats(
                    ref, r.queue, r.backend, depth, r.oldest_age_s, observed_at=r.observed_at
                )
            )
            continue
        merged[id(twin)] = QueueStats(
            twin.ref,
            twin.queue,
            twin.backend,
            twin.depth,
            r.oldest_age_s,
            observed_at=twin.observed_at,
        )
    return [merged.get(id(r), r) if isinstance(r, QueueStats) else r for r in out]


def _point(p: Any) -> tuple[datetime, float] | None:
    if not isinstance(p, dict):
        return None
    end = dig(p, "interval", "endTime")
    value = p.get("value")
    raw = value.get("int64Value", value.get("doubleValue")) if isinstance(value, dict) else None
    at = parse_iso(str(end)) if end else None
    try:
        number = float(str(raw))
    except ValueError:
        return None
    return (at, number) if at is not None and math.isfinite(number) else None
