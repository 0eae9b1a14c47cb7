"""Live, read-only Google Cloud sources: Cloud Run Admin v2, Logging, Monitoring, Pub/Sub.

Each produces the same evidence records as the corresponding gcloud export, with
API resource names as references. Google client libraries are imported only when
a source runs, so ``opsdoc`` starts fast for users who never go live.
"""

from __future__ import annotations

from collections.abc import Sequence

from opsdoc.sources.base import Source
from opsdoc.sources.gcp.logs import CloudLoggingSource
from opsdoc.sources.gcp.monitoring import MonitoringSource
from opsdoc.sources.gcp.pubsub import PubSubConfigSource
from opsdoc.sources.gcp.run import CloudRunSource

__all__ = [
    "CloudLoggingSource",
    "CloudRunSource",
    "MonitoringSource",
    "PubSubConfigSource",
    "gcp_sources",
]


def gcp_sources(
    project: str,
    region: str,
    *,
    timeout_s: float = 20.0,
    log_window_h: float = 24,
    log_limit: int = 5000,
    subscriptions: Sequence[str] = (),
) -> list[Source]:
    """The four live Google Cloud sources for one project and region (``--gcp-project/--region``)."""
    return [
        CloudRunSource(project, region, timeout_s=timeout_s),
        CloudLoggingSource(
            project, region, timeout_s=timeout_s, window_h=log_window_h, limit=log_limit
        ),
        MonitoringSource(project, subscriptions=subscriptions, timeout_s=timeout_s),
        PubSubConfigSource(project, subscriptions=subscriptions, timeout_s=timeout_s),
    ]
