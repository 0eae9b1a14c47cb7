"""Cloud Monitoring v3 ``ListTimeSeries`` for Pub/Sub subscription metrics."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from google.cloud import monitoring_v3
from google.protobuf import json_format

from fakes.grpcserver import FakeGrpcServer, Method, paged

_METRIC = re.compile(r'metric\.type="([^"]+)"')
_SUB = re.compile(r'resource\.labels\.subscription_id="([^"]+)"')


def series(project: str, metric: str, subscription: str, points: list[tuple[str, int]]) -> Any:
    """A time series; ``points`` as (RFC 3339 end time, value), newest first as the API returns."""
    kind = "DELTA" if metric.endswith("_count") else "GAUGE"
    data = {
        "metric": {"type": f"pubsub.googleapis.com/subscription/{metric}"},
        "resource": {
            "type": "pubsub_subscription",
            "labels": {"project_id": project, "subscription_id": subscription},
        },
        "metricKind": kind,
        "valueType": "INT64",
        "points": [
            {"interval": {"endTime": at, "startTime": at}, "value": {"int64Value": str(v)}}
            for at, v in points
        ],
    }
    pb = monitoring_v3.TimeSeries.pb()()
    json_format.ParseDict(data, pb)
    return monitoring_v3.TimeSeries.wrap(pb)


def add_monitoring(server: FakeGrpcServer, all_series: list[Any]) -> None:
    def handle(request: Any) -> Any:
        metric = _METRIC.search(request.filter)
        subs = set(_SUB.findall(request.filter))
        start = request.interval.start_time
        end = request.interval.end_time
        chosen = []
        for ts in all_series:
            if metric and ts.metric.type != metric.group(1):
                continue
            if subs and ts.resource.labels["subscription_id"] not in subs:
                continue
            points = [p for p in ts.points if _in(p.interval.end_time, start, end)]
            if points:
                copy = monitoring_v3.TimeSeries(ts)
                del copy.points[:]
                copy.points.extend(points)
                chosen.append(copy)
        page, token = paged(chosen, request)
        return monitoring_v3.ListTimeSeriesResponse(time_series=page, next_page_token=token)

    server.add(
        "google.monitoring.v3.MetricService",
        {
            "ListTimeSeries": Method(
                monitoring_v3.ListTimeSeriesRequest, monitoring_v3.ListTimeSeriesResponse, handle
            )
        },
    )


def _in(at: datetime, start: datetime, end: datetime) -> bool:
    return start <= at <= end
