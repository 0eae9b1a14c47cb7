"""Throughput of the reference worker vs stock RQ workers, and on the Pub/Sub emulator;
how soon it exits when the queue is empty and when SIGTERM outlasts the grace period.

    python benchmarks/worker.py [--jobs 10000] [--redis URL] [--pubsub-messages 2000]
    python benchmarks/worker.py --exits-only

Starts its own redis-server (and Pub/Sub emulator, when gcloud is installed)
unless given one. Each contender drains the same number of trivial jobs
(``opsdoc.worker.handlers.echo``) from a fresh queue; the time is wall time
from start to exit, start-up included, in one run on one machine.

The exit figures are the speed half of what the worker tests assert as order and
outcome (the tests hold jobs and never time the worker): a drain worker on an empty
queue exits about one ``--pull-timeout`` after it starts, and a serve worker whose
job outlasts ``--grace`` hands the job back and exits about ``--grace`` after SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

JOB = "opsdoc.worker.handlers.echo"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listening on port {port}")


@contextmanager
def redis_server() -> Iterator[str]:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly",
                                 "no", "--dir", tmp], stdout=subprocess.DEVNULL)  # fmt: skip
        try:
            wait_port(port, 10)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait()


@contextmanager
def pubsub_emulator() -> Iterator[str | None]:
    if os.environ.get("PUBSUB_EMULATOR_HOST"):
        yield os.environ["PUBSUB_EMULATOR_HOST"]
        return
    if not shutil.which("gcloud"):
        yield None
        return
    port = free_port()
    proc = subprocess.Popen(["gcloud", "beta", "emulators", "pubsub", "start",
                             f"--host-port=127.0.0.1:{port}", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    try:
        wait_port(port, 60)
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def fill(url: str, queue_name: str, n: int) -> None:
    from redis import Redis
    from rq import Queue

    conn = Redis.from_url(url)
    conn.flushdb()
    queue = Queue(queue_name, connection=conn)
    for start in range(0, n, 1000):
        with conn.pipeline() as pipe:
            queue.enqueue_many(
                [Queue.prepare_data(JOB, args=(i,), result_ttl=600)
                 for i in range(start, min(start + 1000, n))],
                pipeline=pipe,
            )  # fmt: skip
            pipe.execute()


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def count_finished(url: str, queue_name: str) -> int:
    from redis import Redis
    from rq import Queue

    return Queue(queue_name, connection=Redis.from_url(url)).finished_job_registry.count


def bench_rq(url: str, n: int) -> dict[str, float]:
    rq = shutil.which("rq") or "rq"
    contenders = {
        "opsdoc worker --mode drain": lambda q: [sys.executable, "-m", "opsdoc.worker", "run",
            "--backend", "rq", "--redis", url, "--queue", q, "--pull-timeout", "0.2", "--quiet"],
        "rq worker --burst (forking Worker)": lambda q: [rq, "worker", "--burst", "--quiet",
            "--url", url, q],
        "rq worker --burst SimpleWorker": lambda q: [rq, "worker", "--burst", "--quiet", "--url",
            url, "--worker-class", "rq.worker.SimpleWorker", q],
    }  # fmt: skip
    rates = {}
    for name, cmd in contenders.items():
        q = f"bench-{uuid.uuid4().hex[:6]}"
        fill(url, q, n)
        seconds = timed(cmd(q))
        done = count_finished(url, q)
        if done != n:
            print(f"warning: {name} finished {done} of {n} jobs", file=sys.stderr)
        rates[name] = done / seconds
        print(f"{name:<38} {done:>6} jobs in {seconds:7.2f} s = {rates[name]:8.0f} jobs/s")
    return rates


def bench_exits(url: str, rounds: int = 3) -> None:
    """How soon the worker exits: on an empty queue (drain) and after SIGTERM past --grace."""
    from redis import Redis
    from rq import Queue

    base = [sys.executable, "-m", "opsdoc.worker", "run", "--backend", "rq", "--redis", url]
    drain, own, after_term = [], [], []
    for _ in range(rounds):
        q = f"bench-{uuid.uuid4().hex[:6]}"
        t0 = time.perf_counter()
        done = subprocess.run([*base, "--queue", q, "--pull-timeout", "1"], capture_output=True,
                              text=True, check=False)  # fmt: skip
        drain.append(time.perf_counter() - t0)
        last = json.loads(done.stdout.splitlines()[-1])
        own.append(float(last["runtime_s"]))

        queue = Queue(f"bench-{uuid.uuid4().hex[:6]}", connection=Redis.from_url(url))
        job = queue.enqueue("opsdoc.worker.handlers.canary", {"sleep_s": 600})
        proc = subprocess.Popen([*base, "--queue", queue.name, "--mode", "serve", "--grace", "1",
                                 "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        while job.get_status(refresh=True) != "started":
            time.sleep(0.01)
        t0 = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        after_term.append(time.perf_counter() - t0)

    def span(values: list[float]) -> str:
        return f"{min(values):.2f}-{max(values):.2f} s"

    print(f"{'drain exit, empty queue, --pull-timeout 1':<44} {span(drain)} from start "
          f"(worker's own runtime {span(own)})")  # fmt: skip
    print(f"{'serve exit after SIGTERM past --grace 1':<44} {span(after_term)} (job handed back)")


def bench_pubsub(host: str, n: int) -> float:
    os.environ["PUBSUB_EMULATOR_HOST"] = host
    from google.cloud import pubsub_v1

    name = f"bench-{uuid.uuid4().hex[:6]}"
    publisher = pubsub_v1.PublisherClient(
        batch_settings=pubsub_v1.types.BatchSettings(max_messages=500)
    )
    subscriber = pubsub_v1.SubscriberClient()
    topic = publisher.topic_path("opsdoc-bench", name)
    sub = subscriber.subscription_path("opsdoc-bench", name)
    publisher.create_topic(request={"name": topic})
    subscriber.create_subscription(
        request={"name": sub, "topic": topic, "ack_deadline_seconds": 60}
    )
    futures = [publisher.publish(topic, json.dumps({"i": i}).encode()) for i in range(n)]
    for f in futures:
        f.result(timeout=60)
    cmd = [sys.executable, "-m", "opsdoc.worker", "run", "--backend", "pubsub", "--subscription",
           sub, "--handler", "opsdoc.worker.handlers:echo", "--batch", "100", "--pull-timeout",
           "1", "--quiet"]  # fmt: skip
    seconds = timed(cmd, env=dict(os.environ))
    rate = n / seconds
    print(
        f"{'opsdoc worker pubsub (emulator)':<38} {n:>6} msgs in {seconds:7.2f} s = {rate:8.0f} msgs/s"
    )
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--redis", help="use this Redis (its DB is flushed!)")
    parser.add_argument("--pubsub-messages", type=int, default=2000, help="0 to skip Pub/Sub")
    parser.add_argument("--exits-only", action="store_true", help="only the exit latencies")
    args = parser.parse_args()
    if args.exits_only:
        if args.redis:
            bench_exits(args.redis)
        else:
            with redis_server() as url:
                bench_exits(url)
        return 0
    if args.redis:
        rates = bench_rq(args.redis, args.jobs)
        bench_exits(args.redis)
    else:
        with redis_server() as url:
            rates = bench_rq(url, args.jobs)
            bench_exits(url)
    ours = rates["opsdoc worker --mode drain"]
    print(f"ratio vs forking rq worker: {ours / rates['rq worker --burst (forking Worker)']:.1f}x; "
          f"vs SimpleWorker: {ours / rates['rq worker --burst SimpleWorker']:.2f}x")  # fmt: skip
    if args.pubsub_messages:
        with pubsub_emulator() as host:
            if host:
                bench_pubsub(host, args.pubsub_messages)
            else:
                print("Pub/Sub emulator not available: skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
