"""Cloud Run Admin API v2, live: jobs, their recent executions, services and revisions.

Read-only (``list``/``get`` only) and bounded: the four collections are listed at
once, executions across all jobs with the ``jobs/-`` wildcard and revisions across
all services with ``services/-``, so the source costs one round of latency however
many jobs and services the region holds.
"""

from __future__ import annotations

import contextlib
from typing import Any

from opsdoc.evidence import Record, Ref
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult
from opsdoc.sources.exports.resources import execution_v2
from opsdoc.sources.gcp.common import (
    begin,
    describe_error,
    grpc_transport,
    parallel,
    to_dict,
)
from opsdoc.sources.gcp.mapping import job_v2, service_v2
from opsdoc.sources.gcp.paging import list_bounded

ROLE = "roles/run.viewer"


class CloudRunSource:
    """Jobs, executions, services and revisions of one project and region."""

    name = "gcp-run"

    def __init__(
        self,
        project: str,
        region: str,
        *,
        timeout_s: float = 20.0,
        max_executions: int = 100,
        max_revisions: int = 300,
        endpoint: str | None = None,
        credentials: Any = None,
    ) -> None:
        self.project = project
        self.region = region
        self.timeout_s = timeout_s
        self.max_executions = max_executions
        self.max_revisions = max_revisions
        self.endpoint = endpoint
        """A local endpoint (``host:port``) reached insecurely, for emulators and tests."""
        self.credentials = credentials

    @property
    def parent(self) -> str:
        return f"projects/{self.project}/locations/{self.region}"

    def collect(self, ctx: SourceContext) -> SourceResult:
        what = f"Cloud Run Admin API ({self.parent})"
        result, budget, creds, ok = begin(
            what, self.timeout_s, ctx, self.credentials, self.endpoint
        )
        if not ok:
            return result
        try:
            clients = _clients(self.endpoint, creds)
        except Exception as exc:  # missing library, bad endpoint
            result.problems.append(InputProblem(what, describe_error(exc, ROLE, self.parent)))
            return result
        jobs, executions, services, revisions = clients
        parent = self.parent
        try:
            got = parallel(
                {
                    "jobs": lambda: list_bounded(
                        jobs.list_jobs, {"parent": parent}, "jobs", budget, 500
                    ),
                    "executions": lambda: list_bounded(
                        executions.list_executions,
                        {"parent": f"{parent}/jobs/-"},
                        "executions",
                        budget,
                        self.max_executions,
                    ),
                    "services": lambda: list_bounded(
                        services.list_services, {"parent": parent}, "services", budget, 500
                    ),
                    "revisions": lambda: list_bounded(
                        revisions.list_revisions,
                        {"parent": f"{parent}/services/-"},
                        "revisions",
                        budget,
                        self.max_revisions,
                    ),
                },
                budget,
            )
        finally:
            for client in clients:
                _close(client)
        reasons: list[str] = []
        for key in ("jobs", "executions", "services", "revisions"):
            value = got[key]
            if isinstance(value, BaseException):
                reason = f"{key}: {describe_error(value, ROLE, f'project {self.project}')}"
                if reason.split(": ", 1)[1] not in {r.split(": ", 1)[1] for r in reasons}:
                    reasons.append(reason)
                got[key] = []
        result.problems.extend(InputProblem(what, r) for r in reasons)
        try:
            result.records.extend(self._records(got))
        except Exception as exc:  # a response we cannot map is malformed input, not a crash
            result.problems.append(InputProblem(what, describe_error(exc, ROLE, self.parent)))
        result.detail = (
            f"{len(got['jobs'])} jobs, {len(got['executions'])} executions, "
            f"{len(got['services'])} services in {self.parent}"
        )
        return result

    def _records(self, got: dict[str, Any]) -> list[Record]:
        out: list[Record] = []
        for job in got["jobs"]:
            data = to_dict(job)
            out.append(job_v2(data, Ref(self.name, str(data.get("name", "")))))
        for execution in got["executions"]:
            data = to_dict(execution)
            out.append(execution_v2(data, Ref(self.name, str(data.get("name", "")))))
        revisions = {}
        for revision in got["revisions"]:
            data = to_dict(revision)
            revisions[str(data.get("name", ""))] = data
        for service in got["services"]:
            data = to_dict(service)
            latest = revisions.get(str(data.get("latestReadyRevision", "")))
            out.append(service_v2(data, Ref(self.name, str(data.get("name", ""))), latest))
        return out


def _clients(endpoint: str | None, creds: Any) -> tuple[Any, Any, Any, Any]:
    from google.cloud import run_v2
    from google.cloud.run_v2.services.executions.transports import ExecutionsGrpcTransport
    from google.cloud.run_v2.services.jobs.transports import JobsGrpcTransport
    from google.cloud.run_v2.services.revisions.transports import RevisionsGrpcTransport
    from google.cloud.run_v2.services.services.transports import ServicesGrpcTransport

    return (
        run_v2.JobsClient(transport=grpc_transport(JobsGrpcTransport, endpoint, creds)),
        run_v2.ExecutionsClient(transport=grpc_transport(ExecutionsGrpcTransport, endpoint, creds)),
        run_v2.ServicesClient(transport=grpc_transport(ServicesGrpcTransport, endpoint, creds)),
        run_v2.RevisionsClient(transport=grpc_transport(RevisionsGrpcTransport, endpoint, creds)),
    )


def _close(client: Any) -> None:
    with contextlib.suppress(Exception):  # best effort
        client.transport.close()
