"""Cloud Logging v2 ``ListLogEntries`` over exported entries (``gcloud logging read`` JSON).

The fake applies the parts of the filter opsdoc sends (time window, resource types,
location) and the order, so a test can see that the query really bounds the read.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from google.cloud.logging_v2.types import ListLogEntriesRequest, ListLogEntriesResponse, LogEntry
from google.protobuf import json_format

from fakes.grpcserver import FakeGrpcServer, Method, paged

_BOUND = re.compile(r'timestamp\s*(>=|<=|>|<)\s*"([^"]+)"')
_TYPE = re.compile(r'resource\.type="([^"]+)"')
_LOCATION = re.compile(r'resource\.labels\.location="([^"]+)"')


def entry_from_json(data: dict[str, Any]) -> Any:
    pb = LogEntry.pb()()
    json_format.ParseDict(data, pb, ignore_unknown_fields=True)
    return LogEntry.wrap(pb)


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _matches(entry: Any, flt: str) -> bool:
    ts = entry.timestamp
    for op, value in _BOUND.findall(flt):
        bound = _when(value)
        if (op == ">=" and ts < bound) or (op == "<=" and ts > bound):
            return False
        if (op == ">" and ts <= bound) or (op == "<" and ts >= bound):
            return False
    types = _TYPE.findall(flt)
    if types and entry.resource.type not in types:
        return False
    location = _LOCATION.search(flt)
    return not (location and entry.resource.labels.get("location") != location.group(1))


def add_logging(server: FakeGrpcServer, entries: list[Any]) -> None:
    def handle(request: Any) -> Any:
        chosen = [e for e in entries if _matches(e, request.filter)]
        chosen.sort(key=lambda e: e.timestamp, reverse=request.order_by.endswith("desc"))
        page, token = paged(chosen, request, size_default=50)
        return ListLogEntriesResponse(entries=page, next_page_token=token)

    server.add(
        "google.logging.v2.LoggingServiceV2",
        {"ListLogEntries": Method(ListLogEntriesRequest, ListLogEntriesResponse, handle)},
    )
