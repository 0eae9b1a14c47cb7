"""Cloud Run Admin API v2 (Jobs, Executions, Services, Revisions) serving converted exports.

The seed examples hold what ``gcloud`` printed (the v1 Knative shape); the live API
speaks v2. Converting the same facts lets a test compare a live run with an
offline one on identical data.
"""

from __future__ import annotations

from typing import Any

from google.cloud import run_v2
from google.protobuf import json_format

from fakes.grpcserver import Abort, FakeGrpcServer, Method, not_found, paged


def _parse(cls: Any, data: dict[str, Any]) -> Any:
    pb = cls.pb()()
    json_format.ParseDict(data, pb, ignore_unknown_fields=True)
    return cls.wrap(pb)


def _containers(spec: dict[str, Any], *, cpu_idle: bool | None = None) -> list[dict[str, Any]]:
    out = []
    for c in spec.get("containers") or []:
        env = []
        for var in c.get("env") or []:
            if "valueFrom" in var:
                ref = var["valueFrom"].get("secretKeyRef", {})
                env.append(
                    {
                        "name": var["name"],
                        "valueSource": {
                            "secretKeyRef": {
                                "secret": ref.get("name", ""),
                                "version": ref.get("key", ""),
                            }
                        },
                    }
                )
            else:
                env.append({"name": var["name"], "value": str(var.get("value", ""))})
        item: dict[str, Any] = {"image": c.get("image", ""), "env": env}
        if c.get("command"):
            item["command"] = c["command"]
        if c.get("args"):
            item["args"] = c["args"]
        resources: dict[str, Any] = {"limits": (c.get("resources") or {}).get("limits", {})}
        if cpu_idle is not None:
            resources["cpuIdle"] = cpu_idle
        item["resources"] = resources
        out.append(item)
    return out


def _condition(cond: dict[str, Any]) -> dict[str, Any]:
    state = {"True": "CONDITION_SUCCEEDED", "False": "CONDITION_FAILED"}.get(
        str(cond.get("status")), "CONDITION_PENDING"
    )
    out = {"type": cond.get("type", ""), "state": state, "message": cond.get("message", "")}
    if cond.get("lastTransitionTime"):
        out["lastTransitionTime"] = cond["lastTransitionTime"]
    if cond.get("reason") == "NonZeroExitCode":
        out["executionReason"] = "NON_ZERO_EXIT_CODE"
    return out


def execution_from_v1(obj: dict[str, Any], project: str) -> Any:
    meta, spec, status = obj["metadata"], obj.get("spec", {}), obj.get("status", {})
    region = meta["labels"]["cloud.googleapis.com/location"]
    job = meta["labels"]["run.googleapis.com/job"]
    job_name = f"projects/{project}/locations/{region}/jobs/{job}"
    task_spec = spec.get("template", {}).get("spec", {})
    data: dict[str, Any] = {
        "name": f"{job_name}/executions/{meta['name']}",
        "job": job_name,
        "taskCount": spec.get("taskCount", 1),
        "parallelism": spec.get("parallelism", 0),
        "template": {
            "containers": _containers(task_spec),
            "timeout": f"{task_spec.get('timeoutSeconds', 600)}s",
            "maxRetries": task_spec.get("maxRetries", 3),
        },
        "conditions": [_condition(c) for c in status.get("conditions", [])],
    }
    for key in ("startTime", "completionTime"):
        if status.get(key):
            data[key] = status[key]
    for key in ("succeededCount", "failedCount", "cancelledCount", "retriedCount"):
        if status.get(key):
            data[key] = status[key]
    return _parse(run_v2.Execution, data)


def job_from_v1(obj: dict[str, Any], project: str) -> Any:
    meta = obj["metadata"]
    region = meta["labels"]["cloud.googleapis.com/location"]
    exec_spec = obj["spec"]["template"]["spec"]
    task_spec = exec_spec["template"]["spec"]
    data = {
        "name": f"projects/{project}/locations/{region}/jobs/{meta['name']}",
        "template": {
            "taskCount": exec_spec.get("taskCount", 1),
            "template": {
                "containers": _containers(task_spec),
                "timeout": f"{task_spec.get('timeoutSeconds', 600)}s",
                "maxRetries": task_spec.get("maxRetries", 3),
            },
        },
    }
    if "parallelism" in exec_spec:
        data["template"]["parallelism"] = exec_spec["parallelism"]
    return _parse(run_v2.Job, data)


def service_from_v1(obj: dict[str, Any], project: str) -> tuple[Any, Any]:
    """A v2 Service and its latest ready Revision from a ``services describe`` dump."""
    meta = obj["metadata"]
    region = meta["labels"]["cloud.googleapis.com/location"]
    template = obj["spec"]["template"]
    annotations = template.get("metadata", {}).get("annotations", {})
    spec = template["spec"]
    throttled = str(annotations.get("run.googleapis.com/cpu-throttling", "true")).lower() != "false"
    name = f"projects/{project}/locations/{region}/services/{meta['name']}"
    scaling: dict[str, Any] = {}
    if "autoscaling.knative.dev/maxScale" in annotations:
        scaling["maxInstanceCount"] = int(annotations["autoscaling.knative.dev/maxScale"])
    if "autoscaling.knative.dev/minScale" in annotations:
        scaling["minInstanceCount"] = int(annotations["autoscaling.knative.dev/minScale"])
    body = {
        "containers": _containers(spec, cpu_idle=throttled),
        "timeout": f"{spec.get('timeoutSeconds', 300)}s",
        "scaling": scaling,
    }
    if "containerConcurrency" in spec:
        body["maxInstanceRequestConcurrency"] = spec["containerConcurrency"]
    revision_id = obj.get("status", {}).get("latestReadyRevisionName", "")
    revision_name = f"{name}/revisions/{revision_id}"
    service = _parse(
        run_v2.Service,
        {
            "name": name,
            "template": body,
            "latestReadyRevision": revision_name if revision_id else "",
        },
    )
    revision = _parse(run_v2.Revision, {"name": revision_name, "service": name, **body})
    return service, revision


class CloudRunData:
    """What the fake serves: v2 resources, listed the way the API lists them."""

    def __init__(
        self,
        jobs: list[Any] = (),  # type: ignore[assignment]
        executions: list[Any] = (),  # type: ignore[assignment]
        services: list[Any] = (),  # type: ignore[assignment]
        revisions: list[Any] = (),  # type: ignore[assignment]
    ) -> None:
        self.jobs = list(jobs)
        self.executions = list(executions)
        self.services = list(services)
        self.revisions = list(revisions)


def _under(name: str, parent: str) -> bool:
    """``parent`` may use ``-`` for any id, as the API allows for executions and revisions."""
    want = parent.split("/")
    have = name.split("/")[: len(want)]
    return len(have) == len(want) and all(w in ("-", h) for w, h in zip(want, have, strict=True))


KINDS = {"jobs": "JOB", "executions": "EXECUTION", "services": "SERVICE", "revisions": "REVISION"}


def missing(name: str) -> Abort:
    """NOT_FOUND for a resource name, worded as Cloud Run Admin v2 words it.

    ``Resource 'ingest' of kind 'JOB' in region 'us-central1' in project 'p' does not
    exist.``: what ``gcloud run jobs describe`` prints after ``NOT_FOUND:`` and what the
    client raises as ``google.api_core.exceptions.NotFound``.
    """
    parts = name.split("/")
    project = parts[1] if len(parts) > 1 else ""
    region = parts[3] if len(parts) > 3 else ""
    kind = KINDS.get(parts[-2], parts[-2].upper()) if len(parts) > 1 else "RESOURCE"
    return not_found(
        f"Resource '{parts[-1]}' of kind '{kind}' in region '{region}' "
        f"in project '{project}' does not exist."
    )


def add_cloud_run(server: FakeGrpcServer, data: CloudRunData) -> None:
    def lister(items_attr: str, response_cls: Any, field: str, owner: str = "") -> Any:
        def handle(request: Any) -> Any:
            # Executions of one job (revisions of one service): that job must exist.
            # The "-" wildcard names no job and is never NOT_FOUND.
            named = owner and not request.parent.endswith("/-")
            if named and not any(o.name == request.parent for o in getattr(data, owner)):
                raise missing(request.parent)
            items = [i for i in getattr(data, items_attr) if _under(i.name, request.parent)]
            page, token = paged(items, request)
            return response_cls(**{field: page, "next_page_token": token})

        return handle

    def getter(items_attr: str) -> Any:
        def handle(request: Any) -> Any:
            for item in getattr(data, items_attr):
                if item.name == request.name:
                    return item
            raise missing(request.name)

        return handle

    server.add(
        "google.cloud.run.v2.Jobs",
        {
            "ListJobs": Method(
                run_v2.ListJobsRequest,
                run_v2.ListJobsResponse,
                lister("jobs", run_v2.ListJobsResponse, "jobs"),
            ),
            "GetJob": Method(run_v2.GetJobRequest, run_v2.Job, getter("jobs")),
        },
    )
    server.add(
        "google.cloud.run.v2.Executions",
        {
            "ListExecutions": Method(
                run_v2.ListExecutionsRequest,
                run_v2.ListExecutionsResponse,
                lister("executions", run_v2.ListExecutionsResponse, "executions", "jobs"),
            ),
            "GetExecution": Method(
                run_v2.GetExecutionRequest, run_v2.Execution, getter("executions")
            ),
        },
    )
    server.add(
        "google.cloud.run.v2.Services",
        {
            "ListServices": Method(
                run_v2.ListServicesRequest,
                run_v2.ListServicesResponse,
                lister("services", run_v2.ListServicesResponse, "services"),
            ),
            "GetService": Method(run_v2.GetServiceRequest, run_v2.Service, getter("services")),
        },
    )
    server.add(
        "google.cloud.run.v2.Revisions",
        {
            "ListRevisions": Method(
                run_v2.ListRevisionsRequest,
                run_v2.ListRevisionsResponse,
                lister("revisions", run_v2.ListRevisionsResponse, "revisions", "services"),
            ),
            "GetRevision": Method(run_v2.GetRevisionRequest, run_v2.Revision, getter("revisions")),
        },
    )
