"""``opsdoc smoke``: prove the infrastructure can run one job end to end.

It enqueues a uniquely tagged canary, runs the bundled reference worker in
drain mode as a subprocess under a deadline, and reads the worker's JSON log
lines to see what happened to the canary. Because the worker is known to be
good, a failure is about the infrastructure (S001) or about something that
does not finish (S002), which is what a CI step or a pre-deploy gate needs to
separate from "our worker code is broken".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opsdoc.cli import UsageError

CANARY_HANDLER = "opsdoc.worker.handlers:canary"
STOP_GRACE_S = 5.0


def configure(parser: argparse.ArgumentParser) -> None:
    target = parser.add_argument_group("target (one of)")
    target.add_argument("--redis", metavar="URL", help="Redis URL (with --queue)")
    target.add_argument("--queue", default="opsdoc-smoke", metavar="Q",
                        help="RQ queue for the canary; use a dedicated one (default: opsdoc-smoke)")  # fmt: skip
    target.add_argument("--subscription", metavar="projects/P/subscriptions/S",
                        help="Pub/Sub subscription; the canary is published to its topic")  # fmt: skip
    target.add_argument("--topic", metavar="projects/P/topics/T",
                        help="publish the canary here (default: the subscription's topic)")  # fmt: skip
    parser.add_argument("--deadline", type=float, default=60.0, metavar="S",
                        help="the worker must have processed the canary and exited by then (default 60)")  # fmt: skip
    parser.add_argument("--pull-timeout", type=float, default=3.0, metavar="S",
                        help="the worker's pull timeout (default 3)")  # fmt: skip
    parser.add_argument("--handler", default=CANARY_HANDLER, metavar="MODULE:FUNCTION",
                        help="handler the worker runs (default: the bundled canary)")  # fmt: skip
    parser.add_argument("--payload", metavar="JSON",
                        help="extra payload fields for the canary, as a JSON object")  # fmt: skip
    parser.add_argument("--canary-sleep", type=float, default=0.0, metavar="S",
                        help="make the canary take S seconds (to test the deadline alarm itself)")  # fmt: skip
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report to FILE")
    parser.add_argument("--format", choices=("text", "json", "junit", "markdown"), default="text")


@dataclass
class Trial:
    """What happened to the canary, stage by stage."""

    backend: str
    target: str
    canary_id: str = ""
    enqueued_at: float = 0.0
    stage: str = "connect"
    error: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)
    stderr: str = ""
    exit_code: int | None = None
    timed_out: bool = False
    killed: bool = False
    seconds: float = 0.0

    def event(self, name: str, job: str | None = None) -> dict[str, Any] | None:
        for e in self.events:
            if e.get("event") == name and (job is None or e.get("job") == job):
                return e
        return None


def run(args: argparse.Namespace) -> int:
    from opsdoc.redact import redact

    if bool(args.redis) == bool(args.subscription):
        raise UsageError("smoke: give one target: --redis URL [--queue Q] or --subscription S")
    if args.deadline <= 0 or args.pull_timeout <= 0:
        raise UsageError("--deadline and --pull-timeout must be positive numbers of seconds")
    extra: dict[str, Any] = {}
    if args.payload:
        try:
            extra = json.loads(args.payload)
        except ValueError as exc:
            raise UsageError(f"--payload: not JSON: {exc}") from None
        if not isinstance(extra, dict):
            raise UsageError("--payload: expected a JSON object")
    token = uuid.uuid4().hex[:12]
    payload = {**extra, "token": token, "sleep_s": args.canary_sleep}
    if args.redis:
        trial = Trial("rq", f"{redact(args.redis)} queue {args.queue}")
    else:
        trial = Trial("pubsub", args.subscription)
    t0 = time.monotonic()
    try:
        if trial.backend == "rq":
            _enqueue_rq(args, trial, token, payload)
        else:
            _enqueue_pubsub(args, trial, payload)
        trial.stage = "run"
        _run_worker(args, trial)
        trial.stage = "result"
        if trial.backend == "rq" and trial.event("job.succeeded", trial.canary_id):
            _check_rq_result(args, trial, token)
    except _StageFailed as exc:
        trial.error = redact(str(exc))
    finally:
        if trial.backend == "rq" and trial.canary_id:
            _cleanup_rq(args, trial)
    trial.seconds = time.monotonic() - t0
    return _report(args, trial)


class _StageFailed(Exception):
    pass


# -- enqueue ------------------------------------------------------------------------


def _enqueue_rq(
    args: argparse.Namespace, trial: Trial, token: str, payload: dict[str, Any]
) -> None:
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        conn = Redis.from_url(args.redis, socket_connect_timeout=5, socket_timeout=10)
        conn.ping()
        trial.stage = "enqueue"
        trial.canary_id = f"opsdoc-canary-{token}"
        trial.enqueued_at = time.time()
        Queue(args.queue, connection=conn).enqueue(
            args.handler.replace(":", "."),
            payload,
            job_id=trial.canary_id,
            result_ttl=600,
            failure_ttl=600,
            job_timeout=max(int(args.deadline), 1),
            description="opsdoc smoke canary",
        )
    except (RedisError, ValueError) as exc:
        trial.canary_id = "" if trial.stage != "enqueue" else trial.canary_id
        raise _StageFailed(f"{trial.stage} failed: {exc}") from None


def _enqueue_pubsub(args: argparse.Namespace, trial: Trial, payload: dict[str, Any]) -> None:
    from google.cloud import pubsub_v1  # type: ignore[attr-defined]

    try:
        topic = args.topic
        if not topic:
            subscriber = pubsub_v1.SubscriberClient()
            try:
                topic = subscriber.get_subscription(
                    request={"subscription": args.subscription}, timeout=30
                ).topic
            finally:
                subscriber.close()
        trial.stage = "enqueue"
        publisher = pubsub_v1.PublisherClient()
        trial.enqueued_at = time.time()
        future = publisher.publish(
            topic, json.dumps(payload).encode(), opsdoc_canary=payload["token"]
        )
        trial.canary_id = str(future.result(timeout=30))
    except Exception as exc:  # every client error here means: the canary cannot travel
        raise _StageFailed(f"{trial.stage} failed: {type(exc).__name__}: {exc}") from None


# -- the worker ---------------------------------------------------------------------


def worker_command(args: argparse.Namespace, backend: str) -> list[str]:
    cmd = [sys.executable, "-m", "opsdoc.worker", "run", "--backend", backend, "--mode", "drain",
           "--handler", args.handler, "--pull-timeout", f"{args.pull_timeout:g}",
           "--job-timeout", f"{max(args.deadline * 2, 1):g}", "--grace", "2"]  # fmt: skip
    if backend == "rq":
        return [*cmd, "--redis", args.redis, "--queue", args.queue]
    return [*cmd, "--subscription", args.subscription]


def _run_worker(args: argparse.Namespace, trial: Trial) -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        worker_command(args, trial.backend),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    err: list[str] = []
    readers = [
        threading.Thread(target=_read_events, args=(proc.stdout, trial.events), daemon=True),
        threading.Thread(target=_read_text, args=(proc.stderr, err), daemon=True),
    ]
    for r in readers:
        r.start()
    remaining = args.deadline - (time.time() - trial.enqueued_at)
    try:
        trial.exit_code = proc.wait(timeout=max(remaining, 0.1))
    except subprocess.TimeoutExpired:
        trial.timed_out = True
        _signal(proc, signal.SIGTERM)
        try:
            trial.exit_code = proc.wait(timeout=STOP_GRACE_S + 2)
        except subprocess.TimeoutExpired:
            trial.killed = True
            _signal(proc, signal.SIGKILL)
            trial.exit_code = proc.wait()
    for r in readers:
        r.join(timeout=2)
    trial.stderr = "".join(err)[-2000:]


def _signal(proc: subprocess.Popen[str], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def _read_events(stream: Any, out: list[dict[str, Any]]) -> None:
    for line in stream:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            out.append(entry)


def _read_text(stream: Any, out: list[str]) -> None:
    for line in stream:
        out.append(line)


def _check_rq_result(args: argparse.Namespace, trial: Trial, token: str) -> None:
    from redis import Redis
    from rq.job import Job

    try:
        conn = Redis.from_url(args.redis, socket_connect_timeout=5, socket_timeout=10)
        job = Job.fetch(trial.canary_id, connection=conn)
        status, result = job.get_status(), job.return_value()
    except Exception as exc:
        raise _StageFailed(f"result check failed: {exc}") from None
    if status != "finished":
        raise _StageFailed(f"canary status is {status!r} in Redis, expected 'finished'")
    if args.handler == CANARY_HANDLER and (
        not isinstance(result, dict) or result.get("canary") != token
    ):
        raise _StageFailed(f"canary result {result!r} does not carry its token {token}")


def _cleanup_rq(args: argparse.Namespace, trial: Trial) -> None:
    """Remove the canary wherever it is (queue, registries), so smoke leaves nothing behind."""
    try:
        from redis import Redis
        from rq.job import Job

        conn = Redis.from_url(args.redis, socket_connect_timeout=5, socket_timeout=10)
        Job.fetch(trial.canary_id, connection=conn).delete(remove_from_queue=True)
    except Exception:
        pass


# -- verdict ------------------------------------------------------------------------


def _ts(entry: dict[str, Any] | None) -> float | None:
    if not entry or not isinstance(entry.get("time"), str):
        return None
    try:
        return datetime.fromisoformat(entry["time"].replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def latencies(trial: Trial) -> dict[str, float]:
    """enqueue→start, run and exit (last job end → worker exit), in seconds."""
    out: dict[str, float] = {}
    started = trial.event("job.started", trial.canary_id)
    ended = next(
        (trial.event(n, trial.canary_id) for n in ("job.succeeded", "job.failed", "job.retrying")
         if trial.event(n, trial.canary_id)),
        None,
    )  # fmt: skip
    exit_event = trial.event("worker.exit")
    if _ts(started) is not None and trial.enqueued_at:
        out["enqueue_to_start_s"] = round(max(_ts(started) - trial.enqueued_at, 0.0), 3)  # type: ignore[operator]
    if ended is not None and isinstance(ended.get("duration_s"), int | float):
        out["run_s"] = float(ended["duration_s"])
    last_end = max((t for e in trial.events if str(e.get("event", "")).startswith(
        ("job.succeeded", "job.failed", "job.retrying")) if (t := _ts(e)) is not None),
        default=None)  # fmt: skip
    if _ts(exit_event) is not None and last_end is not None:
        out["exit_s"] = round(max(_ts(exit_event) - last_end, 0.0), 3)  # type: ignore[operator]
    out["total_s"] = round(trial.seconds, 3)
    return out


def verdict(trial: Trial) -> list[Any]:
    """The findings for a trial: none when the canary travelled and the worker exited in time."""
    from opsdoc.checks.smoke import S001_TITLE, S002_TITLE
    from opsdoc.findings import Finding, Fix, Severity, quote

    lat = latencies(trial)
    figures = ", ".join(f"{k[:-2].replace('_', ' ')} {v:g} s" for k, v in lat.items())
    worker_errors = [
        f"{e.get('event')}: {e.get('message')}" + (f" ({e['error']})" if e.get("error") else "")
        for e in trial.events
        if e.get("severity") in {"ERROR", "CRITICAL"}
    ]
    evidence = [quote("smoke", "latency", figures)] if figures else []
    evidence += [quote("smoke", "worker log", line) for line in worker_errors[:5]]
    if trial.stderr.strip():
        evidence.append(quote("smoke", "worker stderr", trial.stderr.strip().splitlines()[-1]))

    def s001(summary: str, stage: str, fix: str = "") -> Finding:
        return Finding(
            code="S001", title=S001_TITLE, severity=Severity.CRITICAL, subject=trial.target,
            summary=summary, evidence=(quote("smoke", stage, trial.error or summary), *evidence),
            fix=Fix(text=fix or _S001_FIX[trial.backend]), runbook="S001", confidence=1.0,
            root_cause=True,
        )  # fmt: skip

    if trial.error and trial.stage in {"connect", "enqueue"}:
        if trial.backend == "pubsub" and "NotFound" in trial.error:
            return [s001(f"{trial.target} does not exist (NotFound)", trial.stage,
                         _FIX_MISSING_SUBSCRIPTION)]  # fmt: skip
        if trial.backend == "pubsub" and "PermissionDenied" in trial.error:
            return [s001(f"this identity may not use {trial.target} (PermissionDenied)",
                         trial.stage, _FIX_PUBSUB_PERMISSION)]  # fmt: skip
        return [s001(f"the canary could not be enqueued ({trial.stage} failed)", trial.stage)]
    started = trial.event("job.started", trial.canary_id)
    succeeded = trial.event("job.succeeded", trial.canary_id)
    if trial.timed_out:
        where = (
            "the canary's handler was still running" if started and not succeeded
            else "the worker had not exited" if succeeded
            else "the canary had not been picked up"
        )  # fmt: skip
        stop = "killed with SIGKILL" if trial.killed else "stopped with SIGTERM"
        return [
            Finding(
                code="S002",
                title=S002_TITLE,
                severity=Severity.ERROR,
                subject=trial.target,
                summary=f"at the deadline {where}; the worker was {stop}",
                evidence=tuple(evidence) or (quote("smoke", "deadline", where),),
                fix=Fix(text=_S002_FIX),
                runbook="S002",
                confidence=1.0,
                root_cause=True,
            )
        ]
    if trial.exit_code == 3 or trial.event("worker.unavailable"):
        said = json.dumps(trial.event("worker.unavailable") or {}) + trial.stderr
        if trial.backend == "pubsub" and ("NotFound" in said or "not found" in said.lower()):
            return [s001(f"{trial.target} does not exist (NotFound)", "pull",
                         _FIX_MISSING_SUBSCRIPTION)]  # fmt: skip
        return [s001("the reference worker could not reach the queue", "pull")]
    if trial.exit_code == 2:
        lines = trial.stderr.strip().splitlines()
        trial.error = trial.error or (lines[-1] if lines else "")
        return [s001("the reference worker could not start", "start", _FIX_START)]
    if not started:
        return [s001("the worker drained the queue without ever receiving the canary", "pull",
                     _FIX_NOT_RECEIVED[trial.backend])]  # fmt: skip
    if not succeeded:
        failed = trial.event("job.failed", trial.canary_id) or trial.event(
            "job.retrying", trial.canary_id
        )
        trial.error = trial.error or str((failed or {}).get("error", "canary did not succeed"))
        return [s001("the canary ran but its handler failed", "run", _FIX_HANDLER)]
    if trial.error:
        return [s001(f"the canary ran but {trial.error}", "result", _FIX_HANDLER)]
    return []


_S001_FIX = {
    "rq": "Check that the Redis URL, password and TLS setting are right and that this "
    "environment can reach Redis (VPC connector, firewall). Run `opsdoc runbook S001`.",
    "pubsub": "Check that the subscription exists and is attached to the topic, and that this "
    "identity has roles/pubsub.publisher on the topic and roles/pubsub.subscriber on the "
    "subscription. Run `opsdoc runbook S001`.",
}
_FIX_MISSING_SUBSCRIPTION = (
    "The subscription was not found: check its full name (projects/P/subscriptions/S, the "
    "project included) and that it exists (`gcloud pubsub subscriptions describe S`), or "
    "create it on the job topic. Run `opsdoc runbook S001`."
)
_FIX_PUBSUB_PERMISSION = (
    "Grant this identity roles/pubsub.subscriber on the subscription and "
    "roles/pubsub.publisher on its topic. Run `opsdoc runbook S001`."
)
_FIX_START = (
    "The reference worker exited before pulling: its last stderr line (in the evidence) says "
    "why, usually a --handler that cannot be imported. Run `opsdoc runbook S001`."
)
_FIX_NOT_RECEIVED = {
    "rq": "The queue was reached but the canary never arrived: check that the worker and the "
    "enqueuer use the same queue name and Redis database. Run `opsdoc runbook S001`.",
    "pubsub": "The subscription was reached but the canary never arrived: check that the "
    "subscription is attached to the topic the canary was published to, and that no filter "
    "drops it. Run `opsdoc runbook S001`.",
}
_FIX_HANDLER = (
    "The infrastructure works: the worker received the canary and its handler raised. Fix the "
    "handler (its error is in the evidence), or pass a --handler that accepts the canary "
    "payload. Run `opsdoc runbook S001`."
)
_S002_FIX = (
    "Bound every network call in the handler with a timeout, and make sure nothing in the "
    "worker waits for messages without a deadline. Run `opsdoc runbook S002`."
)


def _report(args: argparse.Namespace, trial: Trial) -> int:
    from opsdoc import __version__
    from opsdoc.findings import Severity, SourceStatus
    from opsdoc.render import render
    from opsdoc.report import Report

    findings = verdict(trial)
    lat = latencies(trial)
    detail = ", ".join(f"{k} {v:g}" for k, v in lat.items())
    status = SourceStatus(
        name=f"smoke:{trial.backend}",
        status="failed" if findings else "ok",
        records=1 if trial.event("job.succeeded", trial.canary_id) else 0,
        seconds=round(trial.seconds, 2),
        detail=detail,
    )
    report = Report(
        as_of=datetime.now(UTC),
        findings=findings,
        sources=[status],
        seconds=trial.seconds,
        fail_on=Severity.ERROR,
        version=__version__,
    )
    if args.junit:
        try:
            Path(args.junit).write_text(render(report, "junit"), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--junit {args.junit}: {exc.strerror or exc}") from None
    if args.format == "json":
        text = render(report, "json")
        data = json.loads(text)
        data["smoke"] = {"backend": trial.backend, "canary": trial.canary_id, "latency": lat,
                         "worker_exit_code": trial.exit_code, "timed_out": trial.timed_out}  # fmt: skip
        text = json.dumps(data, indent=2, sort_keys=True)
    else:
        text = render(report, args.format)
        if args.format == "text" and not findings:
            text = f"smoke: canary processed, worker exited in time ({detail})\n" + text
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return report.exit_code
