"""What the Redis source costs the server: round trips, counted by Redis itself.

Redis answers every read of a client's socket with one write and counts them in
``INFO stats`` (``total_writes_processed``), so the count is the server's view of
round trips, connection handshake included. On a production Redis during an
incident each one is latency and load, which is why the count is pinned here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import redis

from opsdoc.evidence import JobRecord, QueueStats, WorkerBeat
from opsdoc.sources.base import SourceContext
from opsdoc.sources.redis_rq import RedisSource
from opsdoc.sources.redis_rq.connect import open_client
from opsdoc.sources.redis_rq.probe import Probe
from opsdoc.sources.redis_rq.schema import Keys

DB = 7
"""A database of its own, so the session's shared server is not disturbed; costs a SELECT."""

AS_OF = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
STAMP = "2024-05-01T11:00:00.000000Z"


@pytest.fixture
def url(redis_server) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A small rq 3 state: three queues, queued/failed/finished jobs, two workers."""
    url = f"redis://127.0.0.1:{redis_server.port}/{DB}"
    admin = redis.Redis.from_url(url)
    admin.flushdb()
    for i in range(3):
        name = f"q{i}"
        admin.sadd("rq:queues", f"rq:queue:{name}")
        for j, kind in enumerate(("queued", "queued", "failed", "finished")):
            job_id = f"{name}-{j}"
            admin.hset(
                f"rq:job:{job_id}",
                mapping={
                    "status": kind,
                    "origin": name,
                    "description": f"app.tasks.work({j})",
                    "timeout": 180,
                    "enqueued_at": STAMP,
                },
            )
            if kind == "queued":
                admin.rpush(f"rq:queue:{name}", job_id)
            else:
                admin.zadd(f"rq:{kind}:{name}", {job_id: 1e10})
    for w in range(2):
        key = f"rq:worker:w{w}"
        admin.sadd("rq:workers", key)
        admin.hset(
            key,
            mapping={"last_heartbeat": STAMP, "queues": "q0,q1", "pid": w, "state": "idle"},
        )
    yield url
    admin.flushdb()
    admin.close()


def _writes(admin: redis.Redis) -> int:
    return int(admin.info("stats")["total_writes_processed"])


def _server_writes_during(admin: redis.Redis, action) -> int:  # type: ignore[no-untyped-def]
    before = _writes(admin)
    action()
    # The reply to the first INFO is written after it took its figure: discount it.
    return _writes(admin) - before - 1


def test_connecting_costs_no_round_trip(url: str) -> None:
    admin = redis.Redis.from_url(url)
    admin.config_resetstat()
    clients = []
    db0 = url.rsplit("/", 1)[0] + "/0"

    def connect() -> None:
        client = open_client(db0, 5)
        assert client.connection is not None  # connected, handshake (if any) done
        clients.append(client)

    assert _server_writes_during(admin, connect) == 0
    ran = set(admin.info("commandstats"))
    assert not {c for c in ran if c.startswith(("cmdstat_hello", "cmdstat_client"))}, ran
    assert admin.info("errorstats") == {}
    for client in clients:
        client.close()


def test_small_state_costs_four_round_trips_and_a_select(url: str) -> None:
    admin = redis.Redis.from_url(url)
    outcome = []

    def collect() -> None:
        ctx = SourceContext(as_of=AS_OF, root=".", deadline_s=10)
        outcome.append(RedisSource([url], timeout_s=5).collect(ctx))

    assert _server_writes_during(admin, collect) == 1 + 4
    (result,) = outcome
    assert result.problems == []
    queues = [r for r in result.records if isinstance(r, QueueStats)]
    assert [(q.queue, q.depth, q.failed, q.finished) for q in queues] == [
        (f"q{i}", 2, 1, 1) for i in range(3)
    ]


def test_records_do_not_depend_on_the_protocol(url: str) -> None:
    """RESP3 answers HGETALL with a map and SMEMBERS with a set; RESP2 with arrays."""
    resp2 = open_client(url, 5)
    resp3 = redis.Redis.from_url(url, protocol=3, single_connection_client=True)
    try:
        got = [
            Probe(client, "here", AS_OF, 50, Keys("rq")).run().records for client in (resp2, resp3)
        ]
    finally:
        resp2.close()
        resp3.close()
    assert got[0] == got[1]
    kinds = {type(r) for r in got[0]}
    assert kinds == {QueueStats, WorkerBeat, JobRecord}
    worker = next(r for r in got[0] if isinstance(r, WorkerBeat))
    assert worker.queues == ("q0", "q1") and worker.state == "idle"
