"""Cloud Monitoring, live: Pub/Sub backlog per subscription, without touching a message.

Backlog size, the age of the oldest unacked message and the count of expired ack
deadlines are what tell "nobody consumes" from "consumers are too slow"; Cloud
Monitoring has them per subscription, so we never need to pull to know.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from opsdoc.evidence import QueueStats, Record, Ref
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult
from opsdoc.sources.gcp.common import (
    begin,
    describe_error,
    grpc_transport,
    parallel,
)
from opsdoc.sources.gcp.paging import list_bounded

ROLE = "roles/monitoring.viewer"
PREFIX = "pubsub.googleapis.com/subscription/"
UNDELIVERED = "num_undelivered_messages"
OLDEST = "oldest_unacked_message_age"
EXPIRED = "expired_ack_deadlines_count"
METRICS = (UNDELIVERED, OLDEST, EXPIRED)


class MonitoringSource:
    """Pub/Sub subscription backlog metrics of one project."""

    name = "gcp-monitoring"

    def __init__(
        self,
        project: str,
        *,
        subscriptions: Sequence[str] = (),
        timeout_s: float = 20.0,
        window_min: float = 60,
        max_series: int = 1000,
        endpoint: str | None = None,
        credentials: Any = None,
    ) -> None:
        self.project = project
        self.subscriptions = [s.rsplit("/", 1)[-1] for s in subscriptions]
        self.timeout_s = timeout_s
        self.window_min = window_min
        self.max_series = max_series
        self.endpoint = endpoint
        self.credentials = credentials

    def metric_filter(self, metric: str) -> str:
        text = f'metric.type="{PREFIX}{metric}" AND resource.type="pubsub_subscription"'
        if self.subscriptions:
            ids = " OR ".join(f'resource.labels.subscription_id="{s}"' for s in self.subscriptions)
            text += f" AND ({ids})"
        return text

    def collect(self, ctx: SourceContext) -> SourceResult:
        what = f"Cloud Monitoring (projects/{self.project})"
        result, budget, creds, ok = begin(
            what, self.timeout_s, ctx, self.credentials, self.endpoint
        )
        if not ok:
            return result
        try:
            client = _client(self.endpoint, creds)
        except Exception as exc:
            result.problems.append(InputProblem(what, describe_error(exc, ROLE, self.project)))
            return result
        interval = {
            "start_time": ctx.as_of - timedelta(minutes=self.window_min),
            "end_time": ctx.as_of,
        }

        def series(metric: str) -> Any:
            request = {
                "name": f"projects/{self.project}",
                "filter": self.metric_filter(metric),
                "interval": interval,
                "view": 0,  # FULL: the points, not only the headers
            }
            return list_bounded(
                client.list_time_series, request, "time_series", budget, self.max_series, 500
            )

        try:
            got = parallel({m: (lambda m=m: series(m)) for m in METRICS}, budget)
        finally:
            with contextlib.suppress(Exception):  # best effort
                client.transport.close()
        values: dict[str, dict[str, float]] = {}
        seen: set[str] = set()
        for metric in METRICS:
            answer = got[metric]
            if isinstance(answer, BaseException):
                reason = describe_error(answer, ROLE, f"project {self.project}")
                if reason not in seen:
                    seen.add(reason)
                    result.problems.append(InputProblem(what, f"{metric}: {reason}"))
                continue
            try:
                values[metric] = _reduce(answer, summed=metric == EXPIRED)
            except Exception as exc:  # malformed series
                result.problems.append(
                    InputProblem(what, f"{metric}: {describe_error(exc, ROLE, self.project)}")
                )
        result.records.extend(self._records(values))
        result.detail = f"{len(result.records)} subscriptions, last {self.window_min:g} min"
        return result

    def _records(self, values: dict[str, dict[str, float]]) -> list[Record]:
        subs = sorted(set().union(*values.values())) if values else []
        out: list[Record] = []
        for sub in subs:
            depth = values.get(UNDELIVERED, {}).get(sub)
            oldest = values.get(OLDEST, {}).get(sub)
            expired = values.get(EXPIRED, {}).get(sub)
            out.append(
                QueueStats(
                    ref=Ref(self.name, f"projects/{self.project}/subscriptions/{sub}"),
                    queue=sub,
                    backend="pubsub",
                    depth=int(depth or 0),
                    oldest_age_s=oldest,
                    expired_acks=None if expired is None else int(expired),
                )
            )
        return out


def _reduce(series: list[Any], *, summed: bool) -> dict[str, float]:
    """Per subscription: the newest point of a gauge, or the sum of a delta's points."""
    out: dict[str, float] = {}
    for ts in series:
        sub = str(ts.resource.labels.get("subscription_id", ""))
        if not sub or not ts.points:
            continue
        numbers = [_number(p.value) for p in ts.points]
        # Points come newest first.
        value = sum(numbers) if summed else numbers[0]
        out[sub] = out.get(sub, 0.0) + value if summed else value
    return out


def _number(value: Any) -> float:
    kind = type(value).pb(value).WhichOneof("value") if hasattr(type(value), "pb") else None
    if kind == "double_value":
        return float(value.double_value)
    return float(value.int64_value)


def _client(endpoint: str | None, creds: Any) -> Any:
    from google.cloud import monitoring_v3
    from google.cloud.monitoring_v3.services.metric_service.transports import (
        MetricServiceGrpcTransport,
    )

    return monitoring_v3.MetricServiceClient(
        transport=grpc_transport(MetricServiceGrpcTransport, endpoint, creds)
    )
