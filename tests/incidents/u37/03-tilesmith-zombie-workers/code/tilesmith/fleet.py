"""Fleet scaler (CronJob, every 2 min): size the worker Deployment to the backlog.

Capacity is read from rq's own worker registry rather than the Deployment, so
that workers started by hand during backfills are counted too.
"""
from __future__ import annotations

import logging
import math
import subprocess
import sys
from dataclasses import dataclass

from redis import Redis
from rq import Queue, Worker

from . import settings

log = logging.getLogger("tilesmith.fleet")


@dataclass
class FleetState:
    backlog: int
    registered: int
    busy: int
    idle: int


def observe(conn: Redis) -> FleetState:
    backlog = sum(Queue(name, connection=conn).count for name in settings.QUEUES)
    workers = Worker.all(connection=conn)
    busy = sum(1 for w in workers if w.get_state() == "busy")
    return FleetState(backlog=backlog, registered=len(workers), busy=busy, idle=len(workers) - busy)


def plan(state: FleetState, current_replicas: int) -> tuple[int, str]:
    if state.backlog == 0:
        if state.idle > settings.MIN_REPLICAS:
            return max(settings.MIN_REPLICAS, current_replicas - 1), "queue empty, shrinking by one"
        return current_replicas, "queue empty"
    if state.idle > 0:
        # Idle workers next to a backlog means jobs are about to be picked up (pods
        # need ~90 s to pull the image and boot), so adding pods now only thrashes.
        return current_replicas, f"{state.idle} idle workers, backlog is draining"
    wanted = max(settings.MIN_REPLICAS, math.ceil(state.backlog / settings.JOBS_PER_WORKER))
    target = max(current_replicas, min(settings.MAX_REPLICAS, wanted))
    return target, f"all {state.registered} workers busy, want {wanted}"


def current_replicas() -> int:
    out = subprocess.run(["kubectl", "-n", settings.NAMESPACE, "get", "deployment", settings.DEPLOYMENT,
                          "-o", "jsonpath={.spec.replicas}"], check=True, capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def scale_to(replicas: int) -> None:
    subprocess.run(["kubectl", "-n", settings.NAMESPACE, "scale", f"deployment/{settings.DEPLOYMENT}",
                    f"--replicas={replicas}"], check=True)


def main() -> int:
    logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    state = observe(Redis.from_url(settings.REDIS_URL))
    now = current_replicas()
    target, why = plan(state, now)
    log.info("backlog=%d registered=%d busy=%d idle=%d replicas=%d target=%d",
             state.backlog, state.registered, state.busy, state.idle, now, target)
    if target != now:
        scale_to(target)
        log.info("scaled %s to %d (%s)", settings.DEPLOYMENT, target, why)
    else:
        log.info("no change: %s", why)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
