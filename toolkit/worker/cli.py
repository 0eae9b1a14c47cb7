"""``opsdoc worker run``: the command line of the reference worker.

`configure` only declares arguments (no heavy imports: ``opsdoc --help`` stays
fast); `run` resolves the handler and the backend, then hands over to the loop.
"""

from __future__ import annotations

import argparse
import importlib
import os
import socket
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from opsdoc.cli import UsageError

BACKENDS = ("rq", "pubsub")
MODES = ("drain", "serve")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="worker_command", metavar="SUBCOMMAND")
    run_p = sub.add_parser(
        "run",
        help="run the reference worker",
        description="Pull jobs with a timeout, run a handler, ack only after success.",
    )
    run_p.add_argument("--backend", choices=BACKENDS, required=True)
    run_p.add_argument(
        "--mode",
        choices=MODES,
        default="drain",
        help="drain: exit when the queue is empty (Cloud Run Job, cron, CI); "
        "serve: run until SIGTERM (default: drain)",
    )
    run_p.add_argument(
        "--handler",
        metavar="MODULE:FUNCTION",
        help="the function that processes a payload (Pub/Sub: required; RQ: jobs name their own "
        "function, and this one is imported at start-up to fail fast)",
    )
    run_p.add_argument("--redis", metavar="URL", help="Redis URL (default: $REDIS_URL)")
    run_p.add_argument(
        "--queue", action="append", metavar="NAME", help="RQ queue (default: default)"
    )
    run_p.add_argument(
        "--subscription", metavar="projects/P/subscriptions/S", help="Pub/Sub subscription"
    )
    run_p.add_argument("--pull-timeout", type=float, default=5.0, metavar="S",
                       help="longest wait for a job; drain mode exits after one empty wait (default 5)")  # fmt: skip
    run_p.add_argument("--max-runtime", type=float, metavar="S",
                       help="stop taking jobs after S seconds (set it below the task timeout)")  # fmt: skip
    run_p.add_argument("--max-jobs", type=int, metavar="N", help="stop after N jobs")
    run_p.add_argument("--reconnect-for", type=float, default=30.0, metavar="S",
                       help="RQ: keep reconnecting to a Redis that went away for S seconds, then exit 3 (default 30)")  # fmt: skip
    run_p.add_argument("--job-timeout", type=float, metavar="S",
                       help="default job timeout (RQ: jobs without their own; default 180 RQ, 600 Pub/Sub)")  # fmt: skip
    run_p.add_argument("--grace", type=float, default=8.0, metavar="S",
                       help="on SIGTERM, time the job in flight gets to finish (default 8; Cloud Run gives 10)")  # fmt: skip
    run_p.add_argument("--retries", type=int, default=0, metavar="N",
                       help="RQ: retries for jobs enqueued without a Retry policy (default 0)")  # fmt: skip
    run_p.add_argument("--retry-backoff", type=float, default=10.0, metavar="S",
                       help="first retry delay, doubled each attempt (default 10)")  # fmt: skip
    run_p.add_argument("--batch", type=int, default=10, metavar="N",
                       help="Pub/Sub: messages per pull (default 10)")  # fmt: skip
    run_p.add_argument("--heartbeat", type=float, default=10.0, metavar="S",
                       help="heartbeat period (default 10)")  # fmt: skip
    run_p.add_argument("--heartbeat-grace", type=float, default=20.0, metavar="S",
                       help="staleness allowed beyond the period before /healthz fails (default 20)")  # fmt: skip
    run_p.add_argument("--status-file", metavar="FILE",
                       help="write the heartbeat as JSON here (opsdoc diagnose --evidence reads it)")  # fmt: skip
    run_p.add_argument("--health-port", type=int, metavar="PORT",
                       help="serve /healthz on PORT (default: $PORT in serve mode, else off)")  # fmt: skip
    run_p.add_argument("--name", help="worker name (default: host.pid.random)")
    run_p.add_argument("--model", help="model ID for model-calling handlers (sets $OPSDOC_MODEL)")
    run_p.add_argument("--quiet", action="store_true", help="log warnings and errors only")


def load_handler(spec: str) -> Callable[[Any], Any]:
    """``package.module:function`` to the function; UsageError naming what is wrong."""
    module_name, sep, func_name = spec.partition(":")
    if not sep or not module_name or not func_name:
        raise UsageError(f"--handler {spec!r}: expected MODULE:FUNCTION, e.g. myapp.jobs:process")
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise UsageError(
            f"--handler {spec}: cannot import {module_name}: {type(exc).__name__}: {exc}"
        ) from None
    func = module
    for part in func_name.split("."):
        func = getattr(func, part, None)  # type: ignore[assignment]
        if func is None:
            raise UsageError(f"--handler {spec}: {module_name} has no attribute {func_name!r}")
    if not callable(func):
        raise UsageError(f"--handler {spec}: {func_name} is not callable")
    return func  # type: ignore[return-value]


def default_name() -> str:
    return f"{socket.gethostname()}.{os.getpid()}.{uuid.uuid4().hex[:6]}"


def run(args: argparse.Namespace) -> int:
    if getattr(args, "worker_command", None) != "run":
        raise UsageError(
            "worker: expected a subcommand: `opsdoc worker run --backend rq|pubsub ...`"
        )
    for flag in ("pull_timeout", "heartbeat"):
        if getattr(args, flag) <= 0:
            raise UsageError(f"--{flag.replace('_', '-')} must be a positive number of seconds")
    if args.max_runtime is not None and args.max_runtime <= 0:
        raise UsageError("--max-runtime must be a positive number of seconds")
    if args.grace < 0:
        raise UsageError("--grace must not be negative")
    if args.model:
        os.environ["OPSDOC_MODEL"] = args.model
    handler = load_handler(args.handler) if args.handler else None

    from opsdoc.worker.heartbeat import Heart
    from opsdoc.worker.jsonlog import JsonLog
    from opsdoc.worker.loop import Backend, Loop, Mode

    name = args.name or default_name()
    backend: Backend
    if args.backend == "rq":
        url = args.redis or os.environ.get("REDIS_URL")
        if not url:
            raise UsageError("--backend rq needs --redis URL (or REDIS_URL)")
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise UsageError("--redis: expected a redis://, rediss:// or unix:// URL")
        queues = args.queue or ["default"]
        if len(queues) > 1:
            raise UsageError(
                "--queue: the reference worker serves one queue; run one worker per queue"
            )
        from opsdoc.worker.rq_backend import RQBackend

        backend = RQBackend(
            url,
            queues[0],
            worker_name=name,
            retries=args.retries,
            retry_backoff_s=args.retry_backoff,
            default_timeout_s=args.job_timeout or 180.0,
        )
        backend.reconnect_for_s = max(0.0, args.reconnect_for)
        labels: Sequence[str] = queues
    else:
        if not args.subscription or not _is_subscription(args.subscription):
            raise UsageError("--backend pubsub needs --subscription projects/P/subscriptions/S")
        if handler is None:
            raise UsageError("--backend pubsub needs --handler MODULE:FUNCTION")
        from opsdoc.worker.pubsub_backend import PubSubBackend

        backend = PubSubBackend(
            args.subscription,
            handler,
            batch=args.batch,
            retry_backoff_s=args.retry_backoff,
            default_timeout_s=args.job_timeout or 600.0,
        )
        labels = [args.subscription]

    heart = Heart(
        worker=name,
        period_s=args.heartbeat,
        grace_s=args.heartbeat_grace,
        queues=tuple(labels),
        status_file=Path(args.status_file) if args.status_file else None,
    )
    log = JsonLog(name, quiet=args.quiet)
    loop = Loop(
        backend,
        heart,
        log,
        mode=Mode(args.mode),
        pull_timeout_s=args.pull_timeout,
        max_runtime_s=args.max_runtime,
        grace_s=args.grace,
        max_jobs=args.max_jobs,
    )
    health = _start_health(args, heart)
    if health is not None:
        log.info("worker.healthz", f"/healthz on port {health.port}", port=health.port)
    try:
        return loop.run()
    finally:
        if health is not None:
            health.stop()


def _is_subscription(text: str) -> bool:
    parts = text.split("/")
    return len(parts) == 4 and parts[0] == "projects" and parts[2] == "subscriptions" and all(parts)


def _start_health(args: argparse.Namespace, heart: Any) -> Any:
    port = args.health_port
    if port is None and args.mode == "serve" and os.environ.get("PORT", "").isdigit():
        port = int(os.environ["PORT"])  # Cloud Run services must listen on $PORT
    if port is None:
        return None
    from opsdoc.worker.health import HealthServer

    try:
        return HealthServer(heart, port).start()
    except OSError as exc:
        raise UsageError(f"--health-port {port}: {exc.strerror or exc}") from None
