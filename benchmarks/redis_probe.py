"""opsdoc's Redis source vs ``rq info`` on the same large RQ state, in one run.

Builds 1,000 queues, 200,000 jobs across the queues and registries and 500
workers in rq 3's key layout (pipelined, the way rq itself writes them), then
measures for each reader: wall time, round trips (delta of ``total_writes_processed``:
one reply write per round trip), commands and bytes sent back, and write commands.

    python benchmarks/redis_probe.py            # starts a throwaway redis-server
    python benchmarks/redis_probe.py --url redis://127.0.0.1:6379/15   # FLUSHES that db
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime

import redis

QUEUES, JOBS, WORKERS = 1000, 200_000, 500
SNAPSHOT = (
    "import argparse, sys; from opsdoc.commands import snapshot; p = argparse.ArgumentParser(); "
    "snapshot.configure(p); sys.exit(snapshot.run(p.parse_args(sys.argv[1:])))"
)
"""`opsdoc snapshot` as a fresh process, whether or not the CLI has the command wired."""
WRITE_COMMANDS = {"zremrangebyscore", "srem", "del", "hset", "zadd", "lpush", "rpush", "expire"}


def build(client: redis.Redis) -> None:
    client.flushdb()
    now = time.time()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    per_queue = JOBS // QUEUES
    pipe = client.pipeline(transaction=False)
    for i in range(QUEUES):
        name = f"queue-{i:04d}"
        pipe.sadd("rq:queues", f"rq:queue:{name}")
        for j in range(per_queue):
            job_id = f"{name}-{j:04d}"
            kind = ("queued", "failed", "finished", "started")[j % 4]
            pipe.hset(
                f"rq:job:{job_id}",
                mapping={
                    "status": kind,
                    "origin": name,
                    "description": f"app.tasks.work({j})",
                    "timeout": 180,
                    "created_at": stamp,
                    "enqueued_at": stamp,
                },
            )
            if kind == "queued":
                pipe.rpush(f"rq:queue:{name}", job_id)
            elif kind == "started":
                pipe.zadd(f"rq:wip:{name}", {f"{job_id}:exec": now + 600})
            else:
                pipe.zadd(f"rq:{kind}:{name}", {job_id: now + 3600})
        if i % 20 == 19:
            pipe.execute()
    for w in range(WORKERS):
        key = f"rq:worker:w{w:03d}"
        queues = ",".join(f"queue-{(w * 2 + k) % QUEUES:04d}" for k in range(2))
        pipe.sadd("rq:workers", key)
        for q in queues.split(","):
            pipe.sadd(f"rq:workers:{q}", key)
        pipe.hset(
            key,
            mapping={
                "birth": stamp,
                "last_heartbeat": stamp,
                "queues": queues,
                "pid": 1000 + w,
                "hostname": "bench",
                "state": "idle",
                "version": "3.0.0",
            },
        )
        pipe.expire(key, 3600)
    pipe.execute()


def stats(client: redis.Redis) -> dict[str, int]:
    info = client.info("stats")
    out = {k: int(info[k]) for k in ("total_writes_processed", "total_net_output_bytes")}
    calls = client.info("commandstats")
    out["commands"] = sum(int(v["calls"]) for v in calls.values())
    out["writes"] = sum(
        int(v["calls"])
        for k, v in calls.items()
        if k.removeprefix("cmdstat_").split("|")[0] in WRITE_COMMANDS
    )
    return out


def measure(client: redis.Redis, label: str, func) -> dict[str, float]:  # type: ignore[no-untyped-def]
    before = stats(client)
    t0 = time.perf_counter()
    func()
    wall = time.perf_counter() - t0
    after = stats(client)
    # The two INFO calls of `after` are ours: discount them.
    row = {
        "wall_s": wall,
        "round_trips": after["total_writes_processed"] - before["total_writes_processed"] - 2,
        "commands": after["commands"] - before["commands"] - 2,
        "bytes_read": after["total_net_output_bytes"] - before["total_net_output_bytes"],
        "write_commands": after["writes"] - before["writes"],
    }
    print(
        f"{label:<28} {row['wall_s']:7.3f} s  {row['round_trips']:7d} round trips  "
        f"{row['commands']:7d} commands  {row['bytes_read'] / 1e6:6.2f} MB read  "
        f"{row['write_commands']:5d} write commands"
    )
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="use this Redis (its database is FLUSHED)")
    args = parser.parse_args()
    server = None
    url = args.url
    if not url:
        binary = shutil.which("redis-server")
        if not binary:
            print("redis-server not found (or pass --url)", file=sys.stderr)
            return 2
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                tempfile.mkdtemp(),
            ],
            stdout=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.3)
    try:
        client = redis.Redis.from_url(url)
        t0 = time.perf_counter()
        build(client)
        print(
            f"state: {QUEUES} queues, {JOBS:,} jobs, {WORKERS} workers "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )
        from opsdoc.sources.base import SourceContext
        from opsdoc.sources.redis_rq import RedisSource

        def opsdoc_source() -> None:
            ctx = SourceContext(as_of=datetime.now(UTC), root=".", deadline_s=60)
            result = RedisSource([url], timeout_s=60).collect(ctx)
            assert not result.problems, result.problems

        def opsdoc_cli() -> None:
            subprocess.run(
                [sys.executable, "-c", SNAPSHOT, "--redis", url, "-o", os.devnull],
                check=True,
                capture_output=True,
            )

        rq = shutil.which("rq") or "rq"

        def rq_info() -> None:
            subprocess.run([rq, "info", "--url", url], check=True, capture_output=True)

        ours = measure(client, "opsdoc RedisSource.collect", opsdoc_source)
        cli = measure(client, "opsdoc snapshot (process)", opsdoc_cli)
        theirs = measure(client, "rq info (process)", rq_info)
        print(
            f"wall-time ratio, in-process source / rq info: {ours['wall_s'] / theirs['wall_s']:.3f}"
        )
        print(
            f"wall-time ratio, opsdoc snapshot / rq info:   {cli['wall_s'] / theirs['wall_s']:.3f}"
        )
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(5)


if __name__ == "__main__":
    raise SystemExit(main())
