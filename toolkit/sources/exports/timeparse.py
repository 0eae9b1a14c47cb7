"""Timestamps and durations as exports spell them.

gcloud prints RFC 3339 with up to nanosecond precision ("...47.123456789Z"), which
`datetime.fromisoformat` rejects beyond microseconds; heartbeat files use ISO-8601 or
epoch seconds; Cloud Run durations are strings like ``"299.91s"``. All results are
timezone-aware UTC so records from different files compare.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

_FRACTION = re.compile(r"\.(\d+)")
_EPOCH_MIN = 1e9  # 2001-09-09: smaller numbers are counters, not timestamps.
_EPOCH_MS_MIN = 1e12


def parse_time(value: Any) -> datetime | None:
    """An ISO-8601 / RFC 3339 string or epoch number as aware UTC; None when it is neither."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _looks_numeric(text):
        return _from_epoch(float(text))
    return parse_iso(text)


def parse_iso(text: str) -> datetime | None:
    """RFC 3339 with any number of fractional digits; naive times are taken as UTC."""
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    match = _FRACTION.search(text)
    if match and len(match.group(1)) != 6:
        digits = (match.group(1) + "000000")[:6]
        text = text[: match.start()] + "." + digits + text[match.end() :]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_duration(value: Any) -> float | None:
    """Seconds from ``"299.91s"`` (protobuf Duration JSON), a number, or a numeric string."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):  # Duration as {"seconds": ..., "nanos": ...}
        try:
            return float(value.get("seconds", 0)) + float(value.get("nanos", 0)) / 1e9
        except (TypeError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith("s"):
        text = text[:-1]
    try:
        return float(text)
    except ValueError:
        return None


def iso_utc(value: datetime) -> str:
    """The canonical form records are written in: ISO-8601, UTC, ``Z`` suffix."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _from_epoch(seconds: float) -> datetime | None:
    if seconds >= _EPOCH_MS_MIN:
        seconds /= 1000.0
    if seconds < _EPOCH_MIN or seconds > 32503680000:  # before 2001 or after year 3000
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)
