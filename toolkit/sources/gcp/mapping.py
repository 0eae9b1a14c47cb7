"""Cloud Run Admin API v2 resources (as their JSON mapping) to evidence records.

The exports reader already maps v2 executions; jobs, services and revisions are
only ever seen in v2 shape from the live API, so their mapping lives here. The
shapes are the ones ``gcloud``'s v2 commands and the REST API print, and proto3
JSON omits zero values, so every field tolerates absence.
"""

from __future__ import annotations

from typing import Any

from opsdoc.evidence import JobConfig, Ref, ServiceConfig
from opsdoc.sources.exports.resources import as_dict, as_int, container, segment
from opsdoc.sources.exports.timeparse import parse_duration

DEFAULT_SERVICE_TIMEOUT_S = 300.0


def job_v2(obj: dict[str, Any], ref: Ref) -> JobConfig:
    name = str(obj.get("name", ""))
    exec_template = as_dict(obj.get("template"))
    task = as_dict(exec_template.get("template"))
    image, command, args, env = container(task, secret_field="valueSource")
    retries = task.get("maxRetries")
    parallelism = exec_template.get("parallelism")
    return JobConfig(
        ref=ref,
        name=name.rsplit("/", 1)[-1],
        task_timeout_s=parse_duration(task.get("timeout")),
        max_retries=as_int(retries, 0) if retries is not None else None,
        task_count=as_int(exec_template.get("taskCount"), 1),
        parallelism=as_int(parallelism, 0) if parallelism is not None else None,
        image=image,
        command=command,
        args=args,
        env=env,
        region=segment(name, "locations"),
    )


def service_v2(
    obj: dict[str, Any], ref: Ref, revision: dict[str, Any] | None = None
) -> ServiceConfig:
    """A service, described by its latest ready revision when we have it (what really runs)."""
    name = str(obj.get("name", ""))
    spec = revision if revision else as_dict(obj.get("template"))
    image, command, args, env = container(spec, secret_field="valueSource")
    containers = spec.get("containers")
    first = as_dict(containers[0]) if isinstance(containers, list) and containers else {}
    resources = as_dict(first.get("resources"))
    timeout = parse_duration(spec.get("timeout"))
    scaling = as_dict(spec.get("scaling"))
    service_scaling = as_dict(obj.get("scaling"))
    min_scale = scaling.get("minInstanceCount", service_scaling.get("minInstanceCount"))
    max_scale = scaling.get("maxInstanceCount", service_scaling.get("maxInstanceCount"))
    concurrency = spec.get("maxInstanceRequestConcurrency")
    return ServiceConfig(
        ref=ref,
        name=name.rsplit("/", 1)[-1],
        request_timeout_s=DEFAULT_SERVICE_TIMEOUT_S if timeout is None else timeout,
        cpu_throttling=_cpu_idle(resources),
        concurrency=as_int(concurrency, 0) if concurrency is not None else None,
        min_scale=as_int(min_scale, 0) if min_scale is not None else None,
        max_scale=as_int(max_scale, 0) if max_scale is not None else None,
        image=image,
        command=command,
        args=args,
        env=env,
        latest_revision=str(obj.get("latestReadyRevision", "")).rsplit("/", 1)[-1],
        region=segment(name, "locations"),
    )


def _cpu_idle(resources: dict[str, Any]) -> bool:
    """v2 ``cpuIdle``: true means CPU only during requests (throttled).

    Absent (false in proto3) means CPU always allocated once resources are set;
    with no resources block at all the platform default (throttled) applies.
    """
    if "cpuIdle" in resources:
        return bool(resources["cpuIdle"])
    return not resources
