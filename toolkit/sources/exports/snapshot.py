"""The ``opsdoc snapshot`` file: live evidence frozen as JSON, read back offline.

A snapshot lets a ticket carry the Redis/RQ state (or any evidence) to someone
without access, and lets ``--evidence`` diagnose it later. The format is the
records themselves, field for field, so it covers every record kind without a
per-kind schema; loading is strict about types so a hand-edited file fails with a
clear reason instead of producing records that break checks.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from typing import Any

from opsdoc.evidence import RECORD_KINDS, HttpInfo, Record, Ref
from opsdoc.sources.exports.timeparse import iso_utc, parse_time

FORMAT_KEY = "opsdoc_snapshot"
VERSION = 1
KIND = "kind"
"""Names the record class; a record field of that name (``CodeSite.kind``) is ``kind_``."""


def _key(name: str) -> str:
    return name + "_" if name == KIND else name


class SnapshotError(ValueError):
    """A snapshot that parses as JSON but is not one we can read."""


def dump_records(
    records: typing.Iterable[Record],
    captured_at: datetime,
    failures: typing.Iterable[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The JSON-ready snapshot object for ``records``; ``failures`` (input, reason) say what
    could not be captured, so the file never reads as "nothing wrong" when it saw nothing."""
    out = []
    for rec in records:
        item: dict[str, Any] = {KIND: type(rec).__name__}
        for f in dataclasses.fields(rec):
            item[_key(f.name)] = _dump(getattr(rec, f.name))
        out.append(item)
    obj: dict[str, Any] = {FORMAT_KEY: VERSION, "captured_at": iso_utc(captured_at), "records": out}
    failed = [{"input": i, "reason": r} for i, r in failures]
    if failed:
        obj["failures"] = failed
    return obj


def load_failures(obj: dict[str, Any]) -> list[str]:
    """What the capture could not read, as ``input: reason`` lines."""
    items = obj.get("failures") or []
    if not isinstance(items, list):
        raise SnapshotError("'failures' is not a list")
    return [
        f"{item.get('input', '?')}: {item.get('reason', '?')}"
        if isinstance(item, dict)
        else str(item)
        for item in items
    ]


def is_snapshot(obj: Any) -> bool:
    return isinstance(obj, dict) and FORMAT_KEY in obj


def load_records(obj: dict[str, Any]) -> list[Record]:
    """Records from a snapshot object; raises `SnapshotError` naming the bad record."""
    version = obj.get(FORMAT_KEY)
    if version != VERSION:
        raise SnapshotError(f"unsupported snapshot version {version!r} (this opsdoc reads 1)")
    items = obj.get("records")
    if not isinstance(items, list):
        raise SnapshotError("'records' is missing or not a list")
    return [load_record(item, index) for index, item in enumerate(items)]


def load_record(item: Any, index: int = 0) -> Record:
    if not isinstance(item, dict):
        raise SnapshotError(f"record {index} is not an object")
    kind = item.get(KIND)
    cls = RECORD_KINDS.get(str(kind))
    if cls is None:
        raise SnapshotError(f"record {index}: unknown kind {kind!r}")
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        key = _key(f.name)
        if key not in item:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise SnapshotError(f"record {index} ({kind}): missing field {key!r}")
            continue
        try:
            values[f.name] = _load(hints[f.name], item[key])
        except (TypeError, ValueError) as exc:
            raise SnapshotError(f"record {index} ({kind}), field {f.name!r}: {exc}") from None
    return cls(**values)


def _hints(cls: type) -> dict[str, Any]:
    cached = _HINTS.get(cls)
    if cached is None:
        cached = _HINTS[cls] = typing.get_type_hints(cls)
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Ref | HttpInfo):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    return value


def _load(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _load(inner, value)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], v) for v in value)
        if len(args) != len(value):
            raise ValueError(f"expected {len(args)} items, got {len(value)}")
        return tuple(_load(a, v) for a, v in zip(args, value, strict=True))
    if hint is datetime:
        parsed = parse_time(value)
        if parsed is None:
            raise ValueError(f"not a timestamp: {value!r}")
        return parsed
    if hint in (Ref, HttpInfo):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {hint.__name__}")
        inner_hints = _hints(hint)
        known = {f.name for f in dataclasses.fields(hint)}
        return hint(**{k: _load(inner_hints[k], v) for k, v in value.items() if k in known})
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"expected a number, got {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an integer, got {value!r}")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError(f"expected true/false, got {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(f"expected a string, got {value!r}")
        return value
    return value
