"""Cloud Logging, live: recent Cloud Run log entries, bounded and newest first.

A project can log millions of lines a day; we ask only for Cloud Run resources in
one region, over a time window ending at the run's reference time, newest first,
page by page up to an entry limit. Entries then go through the same collector as
a ``gcloud logging read`` export, so checks see the same records either way.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import timedelta
from typing import Any

from opsdoc.evidence import LogRecord, LogSummary, Record, Ref
from opsdoc.redact import redact
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult
from opsdoc.sources.exports.logentries import LogCollector
from opsdoc.sources.exports.timeparse import iso_utc
from opsdoc.sources.gcp.common import (
    Budget,
    OutOfTime,
    begin,
    describe_error,
    grpc_transport,
    to_dict,
)

ROLE = "roles/logging.viewer"
RESOURCE_TYPES = ("cloud_run_job", "cloud_run_revision")


class CloudLoggingSource:
    """Cloud Run job and service logs of one project and region."""

    name = "gcp-logging"

    def __init__(
        self,
        project: str,
        region: str,
        *,
        timeout_s: float = 20.0,
        window_h: float = 24,
        limit: int = 5000,
        page_size: int = 1000,
        extra_filter: str = "",
        endpoint: str | None = None,
        credentials: Any = None,
    ) -> None:
        self.project = project
        self.region = region
        self.timeout_s = timeout_s
        self.window_h = window_h
        self.limit = limit
        self.page_size = page_size
        self.extra_filter = extra_filter
        self.endpoint = endpoint
        self.credentials = credentials

    def log_filter(self, ctx: SourceContext) -> str:
        """The Logging query: resource types, region and the time window ending at ``as_of``."""
        start = ctx.as_of - timedelta(hours=self.window_h)
        types = " OR ".join(f"resource.type={quoted(t)}" for t in RESOURCE_TYPES)
        parts = [
            f"({types})",
            f"resource.labels.location={quoted(self.region)}",
            f'timestamp>="{iso_utc(start)}"',
            f'timestamp<="{iso_utc(ctx.as_of)}"',
        ]
        if self.extra_filter:
            parts.append(f"({self.extra_filter})")
        return " AND ".join(parts)

    def collect(self, ctx: SourceContext) -> SourceResult:
        what = f"Cloud Logging (projects/{self.project})"
        result, budget, creds, ok = begin(
            what, self.timeout_s, ctx, self.credentials, self.endpoint
        )
        if not ok:
            return result
        collector = LogCollector(f"projects/{self.project}/logs")
        refs: list[str] = []
        client = None
        try:
            client = _client(self.endpoint, creds)
            self._read(client, ctx, budget, collector, refs)
        except Exception as exc:  # API failure, time out or malformed entry: keep what we have
            reason = describe_error(exc, ROLE, f"project {self.project}")
            if _rejected(exc):
                reason = (
                    f"INVALID_ARGUMENT: Cloud Logging rejected the query "
                    f"({_rejection(exc)}); query: {redact(self.log_filter(ctx))}"
                )
            if refs and isinstance(exc, OutOfTime):
                reason = f"stopped after {len(refs):,} entries: {reason}"
            result.problems.append(InputProblem(what, reason))
        finally:
            if client is not None:
                _close(client)
        result.records.extend(self._relabel(collector.finish(), refs))
        result.detail = f"{collector.entries:,} entries, newest first, last {self.window_h:g} h"
        if collector.entries >= self.limit:
            result.detail += f" (limit {self.limit:,} reached)"
        return result

    def _read(
        self,
        client: Any,
        ctx: SourceContext,
        budget: Budget,
        collector: LogCollector,
        refs: list[str],
    ) -> None:
        request = {
            "resource_names": [f"projects/{self.project}"],
            "filter": self.log_filter(ctx),
            "order_by": "timestamp desc",
        }
        token = ""
        while len(refs) < self.limit:
            size = max(1, min(self.page_size, self.limit - len(refs)))
            pager = client.list_log_entries(
                request={**request, "page_size": size, "page_token": token}, **budget.call()
            )
            for entry in list(pager.entries)[: self.limit - len(refs)]:
                data = entry_dict(entry)
                refs.append(f"{data.get('logName', '')}#{data.get('insertId', '')}")
                collector.add(len(refs) - 1, data)
            token = str(pager.next_page_token or "")
            if not token:
                break

    def _relabel(self, records: list[Record], refs: list[str]) -> list[Record]:
        """The collector labels records like an export; live records point at the API."""
        out: list[Record] = []
        for rec in records:
            if isinstance(rec, LogRecord):
                index = rec.ref.location.rpartition("#")[2]
                where = refs[int(index)] if index.isdigit() and int(index) < len(refs) else ""
                out.append(replace(rec, ref=Ref(self.name, where or rec.ref.location)))
            elif isinstance(rec, LogSummary):
                out.append(replace(rec, ref=Ref(self.name, rec.ref.location)))
            else:
                out.append(rec)
        return out


def quoted(value: str) -> str:
    """A string literal of the Logging query language: a value never ends the string early."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rejected(exc: BaseException) -> bool:
    from google.api_core import exceptions

    return isinstance(exc, exceptions.InvalidArgument)


def _rejection(exc: BaseException) -> str:
    text = " ".join(str(getattr(exc, "message", "") or exc).split())
    return redact(text)[:300]


def entry_dict(entry: Any) -> dict[str, Any]:
    """A LogEntry as gcloud prints it; an audit payload we cannot decode keeps its type only."""
    try:
        return to_dict(entry)
    except Exception:
        from google.cloud.logging_v2.types import LogEntry

        pb = LogEntry.pb(entry) if hasattr(LogEntry, "pb") else entry
        type_url = pb.proto_payload.type_url
        copy = type(pb)()
        copy.CopyFrom(pb)
        copy.ClearField("proto_payload")
        data = to_dict(copy)
        data["protoPayload"] = {"@type": type_url}
        return data


def _client(endpoint: str | None, creds: Any) -> Any:
    from google.cloud.logging_v2.services.logging_service_v2 import LoggingServiceV2Client
    from google.cloud.logging_v2.services.logging_service_v2.transports import (
        LoggingServiceV2GrpcTransport,
    )

    return LoggingServiceV2Client(
        transport=grpc_transport(LoggingServiceV2GrpcTransport, endpoint, creds)
    )


def _close(client: Any) -> None:
    with contextlib.suppress(Exception):  # best effort
        client.transport.close()
