"""gcloud resource dumps (Cloud Run jobs, executions, services; Pub/Sub subscriptions;
Compute Engine operations that ended an instance).

gcloud prints Cloud Run resources in the v1 Knative shape, while scripts using the
Admin API v2 dump another shape with the same facts. Both map onto one record so a
check never cares which one the user pasted. proto3 JSON omits zero values, so every
count defaults to 0 and every optional field tolerates absence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from opsdoc.evidence import (
    Execution,
    JobConfig,
    LogRecord,
    Record,
    Ref,
    ServiceConfig,
    Subscription,
)
from opsdoc.sources.exports.timeparse import parse_duration, parse_time

_TIMEOUT_MESSAGE = re.compile(r"(?i)\b(configured|maximum)\s+timeout\b")
_LOCATION_LABEL = "cloud.googleapis.com/location"
_JOB_LABEL = "run.googleapis.com/job"
_DEFAULT_SERVICE_TIMEOUT_S = 300.0
_DEFAULT_ACK_DEADLINE_S = 10.0
_DEFAULT_MAX_DELIVERY_ATTEMPTS = 5

Mapper = Callable[[dict[str, Any], Ref], Record]


def classify(obj: dict[str, Any]) -> tuple[str, Mapper] | None:
    """Which resource a parsed object is, by its content; None when it is none of ours."""
    api = str(obj.get("apiVersion", ""))
    kind = obj.get("kind")
    if api.startswith("run.googleapis.com/") and kind == "Execution":
        return "executions", execution_v1
    if api.startswith("run.googleapis.com/") and kind == "Job":
        return "jobs", job_v1
    if api.startswith("serving.knative.dev/") and kind == "Service":
        return "services", service_v1
    name = str(obj.get("name", ""))
    if "/executions/" in name and "/jobs/" in name:
        return "executions", execution_v2
    if "/subscriptions/" in name and ("topic" in obj or "ackDeadlineSeconds" in obj):
        return "subscriptions", subscription
    if kind == "compute#operation" and obj.get("operationType") in INSTANCE_ENDED:
        return "compute operations", instance_ended
    return None


INSTANCE_ENDED = frozenset(
    {
        "compute.instances.preempted",
        "compute.instances.hostError",
        "compute.instances.guestTerminate",
        "compute.instances.terminateOnHostMaintenance",
        "compute.instances.automaticRestart",
        "stop",
        "delete",
        "reset",
        "suspend",
    }
)
"""Compute Engine operations (``gcloud compute operations list --format=json``) after
which nothing that ran on the instance runs any more: Google's system events (a Spot
or preemptible VM reclaimed, a host error, a crash the guest reported, a termination
for host maintenance, the automatic restart after one) and a user's stop, delete, reset
or suspend."""


def instance_ended(obj: dict[str, Any], ref: Ref) -> LogRecord:
    """The operation as a platform line of the instance it ended (its ``targetLink``)."""
    instance = str(obj.get("targetLink", "")).rstrip("/").rpartition("/")[2]
    op = str(obj.get("operationType", ""))
    said = str(obj.get("statusMessage") or "").strip()
    return LogRecord(
        ref,
        parse_time(obj.get("startTime") or obj.get("insertTime") or obj.get("endTime")),
        "WARNING",
        f"Compute Engine instance {instance}: {said or op} ({op})",
        stream="system",
        resource_type="gce_instance",
        instance=instance,
    )


def execution_v1(obj: dict[str, Any], ref: Ref) -> Execution:
    meta = as_dict(obj.get("metadata"))
    labels = as_dict(meta.get("labels"))
    spec = as_dict(obj.get("spec"))
    status = as_dict(obj.get("status"))
    task_spec = as_dict(as_dict(spec.get("template")).get("spec"))
    completed = _condition(status.get("conditions"), "Completed")
    counts = _counts(status)
    completion = parse_time(status.get("completionTime"))
    cond_status = str(completed.get("status", "")) if completed else ""
    message = str(completed.get("message", "")) if completed else ""
    return Execution(
        ref=ref,
        name=str(meta.get("name", "")),
        job=str(labels.get(_JOB_LABEL, "")),
        start_time=parse_time(status.get("startTime")),
        completion_time=completion,
        status=_status(cond_status == "True", cond_status == "False", completion, counts),
        reason=str(completed.get("reason", "")) if completed else "",
        message=message,
        timed_out=bool(_TIMEOUT_MESSAGE.search(message)),
        task_timeout_s=parse_duration(task_spec.get("timeoutSeconds")),
        task_count=as_int(spec.get("taskCount"), 1),
        region=str(labels.get(_LOCATION_LABEL, "")),
        **counts,
    )


def execution_v2(obj: dict[str, Any], ref: Ref) -> Execution:
    name = str(obj.get("name", ""))
    template = as_dict(obj.get("template"))
    completed = _condition(obj.get("conditions"), "Completed")
    state = str(completed.get("state", "")) if completed else ""
    message = str(completed.get("message", "")) if completed else ""
    reason = ""
    if completed:
        reason = _camel(str(completed.get("executionReason") or completed.get("reason") or ""))
    counts = _counts(obj)
    completion = parse_time(obj.get("completionTime"))
    labels = as_dict(obj.get("labels"))
    return Execution(
        ref=ref,
        name=name.rsplit("/", 1)[-1],
        job=str(obj.get("job", "")).rsplit("/", 1)[-1] or segment(name, "jobs"),
        start_time=parse_time(obj.get("startTime")),
        completion_time=completion,
        status=_status(
            state == "CONDITION_SUCCEEDED", state == "CONDITION_FAILED", completion, counts
        ),
        reason=reason,
        message=message,
        timed_out=bool(_TIMEOUT_MESSAGE.search(message)),
        task_timeout_s=parse_duration(template.get("timeout")),
        task_count=as_int(obj.get("taskCount"), 1),
        region=str(labels.get(_LOCATION_LABEL, "")) or segment(name, "locations"),
        **counts,
    )


def merge_executions(records: list[Record]) -> list[Record]:
    """One record per execution: ``executions list`` and ``executions describe`` saved side
    by side print the same execution twice, and counting it twice would double a failure.
    The most finished account is kept (a terminal status, an end time), where the first of
    them stood."""
    best: dict[tuple[str, str], Execution] = {}
    for rec in records:
        if isinstance(rec, Execution):
            key = (rec.job, rec.name)
            kept = best.get(key)
            if kept is None or _finished(rec) > _finished(kept):
                best[key] = rec
    if len(best) == sum(isinstance(r, Execution) for r in records):
        return records
    out: list[Record] = []
    placed: set[tuple[str, str]] = set()
    for rec in records:
        if not isinstance(rec, Execution):
            out.append(rec)
        elif (rec.job, rec.name) not in placed:
            placed.add((rec.job, rec.name))
            out.append(best[(rec.job, rec.name)])
    return out


def _finished(ex: Execution) -> tuple[bool, bool, int]:
    counted = ex.succeeded_count + ex.failed_count + ex.cancelled_count + ex.retried_count
    return ex.status != "running", ex.completion_time is not None, counted


def job_v1(obj: dict[str, Any], ref: Ref) -> JobConfig:
    meta = as_dict(obj.get("metadata"))
    exec_spec = as_dict(as_dict(as_dict(obj.get("spec")).get("template")).get("spec"))
    task_spec = as_dict(as_dict(exec_spec.get("template")).get("spec"))
    image, command, args, env = container(task_spec)
    max_retries = task_spec.get("maxRetries")
    parallelism = exec_spec.get("parallelism")
    return JobConfig(
        ref=ref,
        name=str(meta.get("name", "")),
        task_timeout_s=parse_duration(task_spec.get("timeoutSeconds")),
        max_retries=as_int(max_retries, 0) if max_retries is not None else None,
        task_count=as_int(exec_spec.get("taskCount"), 1),
        parallelism=as_int(parallelism, 0) if parallelism is not None else None,
        image=image,
        command=command,
        args=args,
        env=env,
        region=str(as_dict(meta.get("labels")).get(_LOCATION_LABEL, "")),
    )


def service_v1(obj: dict[str, Any], ref: Ref) -> ServiceConfig:
    meta = as_dict(obj.get("metadata"))
    template = as_dict(as_dict(obj.get("spec")).get("template"))
    annotations = as_dict(as_dict(template.get("metadata")).get("annotations"))
    rev_spec = as_dict(template.get("spec"))
    image, command, args, env = container(rev_spec)
    timeout = parse_duration(rev_spec.get("timeoutSeconds"))
    throttling = str(annotations.get("run.googleapis.com/cpu-throttling", "true"))
    concurrency = rev_spec.get("containerConcurrency")
    return ServiceConfig(
        ref=ref,
        name=str(meta.get("name", "")),
        request_timeout_s=_DEFAULT_SERVICE_TIMEOUT_S if timeout is None else timeout,
        cpu_throttling=throttling.strip().lower() != "false",
        concurrency=as_int(concurrency, 0) if concurrency is not None else None,
        min_scale=_opt_int(annotations.get("autoscaling.knative.dev/minScale")),
        max_scale=_opt_int(annotations.get("autoscaling.knative.dev/maxScale")),
        image=image,
        command=command,
        args=args,
        env=env,
        latest_revision=str(as_dict(obj.get("status")).get("latestReadyRevisionName", "")),
        region=str(as_dict(meta.get("labels")).get(_LOCATION_LABEL, "")),
    )


def subscription(obj: dict[str, Any], ref: Ref) -> Subscription:
    dead_letter = as_dict(obj.get("deadLetterPolicy"))
    ack = parse_duration(obj.get("ackDeadlineSeconds"))
    return Subscription(
        ref=ref,
        name=str(obj.get("name", "")).rsplit("/", 1)[-1],
        topic=str(obj.get("topic", "")),
        ack_deadline_s=_DEFAULT_ACK_DEADLINE_S if ack is None else ack,
        push_endpoint=str(as_dict(obj.get("pushConfig")).get("pushEndpoint", "")),
        dead_letter_topic=str(dead_letter.get("deadLetterTopic", "")),
        max_delivery_attempts=(
            as_int(dead_letter.get("maxDeliveryAttempts"), _DEFAULT_MAX_DELIVERY_ATTEMPTS)
            if dead_letter
            else None
        ),
        exactly_once=bool(obj.get("enableExactlyOnceDelivery", False)),
        state=str(obj.get("state", "")),
    )


def _status(succeeded: bool, failed: bool, completion: Any, counts: dict[str, int]) -> str:
    if succeeded:
        return "succeeded"
    if counts["cancelled_count"] > 0:
        return "cancelled"
    if failed or completion is not None:
        return "failed"
    return "running"


def _counts(status: dict[str, Any]) -> dict[str, int]:
    return {
        "succeeded_count": as_int(status.get("succeededCount"), 0),
        "failed_count": as_int(status.get("failedCount"), 0),
        "cancelled_count": as_int(status.get("cancelledCount"), 0),
        "retried_count": as_int(status.get("retriedCount"), 0),
    }


def _condition(conditions: Any, kind: str) -> dict[str, Any] | None:
    if not isinstance(conditions, list):
        return None
    for cond in conditions:
        if isinstance(cond, dict) and cond.get("type") == kind:
            return cond
    return None


def container(
    spec: dict[str, Any], secret_field: str = "valueFrom"
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Image, command, args and plain env of the first container (secrets left out).

    ``secret_field`` marks a secret-backed variable: ``valueFrom`` in the v1 (Knative)
    shape gcloud prints, ``valueSource`` in the v2 Admin API.
    """
    containers = spec.get("containers")
    first = as_dict(containers[0]) if isinstance(containers, list) and containers else {}
    env: list[tuple[str, str]] = []
    for var in first.get("env") or ():
        if isinstance(var, dict) and "name" in var and secret_field not in var:
            env.append((str(var["name"]), str(var.get("value", ""))))
    return (
        str(first.get("image", "")),
        tuple(str(c) for c in first.get("command") or ()),
        tuple(str(a) for a in first.get("args") or ()),
        tuple(env),
    )


def segment(name: str, collection: str) -> str:
    """The id after ``collection/`` in a resource path (``.../locations/us-central1/...``)."""
    parts = name.split("/")
    for i, part in enumerate(parts[:-1]):
        if part == collection:
            return parts[i + 1]
    return ""


def _camel(reason: str) -> str:
    """``NON_ZERO_EXIT_CODE`` (v2 enum) -> ``NonZeroExitCode`` (v1 reason)."""
    if reason.isupper() or "_" in reason:
        return "".join(word.capitalize() for word in reason.split("_"))
    return reason


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _opt_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
