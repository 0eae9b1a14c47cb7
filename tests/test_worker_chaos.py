"""Chaos: SIGKILL the worker at random points in its work; every job must still be done.

At-least-once delivery means a job killed mid-run runs again; the test counts
those duplicates and reports them, and fails on any job lost or left undone.
"""

from __future__ import annotations

import random
import uuid

from test_worker_support import HANG_GUARD_S, start_worker, wait_for

JOBS = 2000
KILLS = 12


def test_sigkill_loses_no_job(redis_server, capsys) -> None:  # type: ignore[no-untyped-def]
    from redis import Redis
    from rq import Queue

    url = f"redis://127.0.0.1:{redis_server.port}/4"
    conn = Redis.from_url(url)
    conn.flushdb()
    queue = Queue(f"chaos-{uuid.uuid4().hex[:6]}", connection=conn)
    runs_key = f"{queue.name}:runs"
    with conn.pipeline() as pipe:
        jobs = queue.enqueue_many(
            [Queue.prepare_data("test_worker_support.record", args=({"runs_key": runs_key},))
             for _ in range(JOBS)],
            pipeline=pipe,
        )  # fmt: skip
        pipe.execute()
    ids = [j.id for j in jobs]
    rng = random.Random(6)
    kills = 0
    args = ["--backend", "rq", "--redis", url, "--queue", queue.name, "--mode", "serve"]
    while kills < KILLS:
        # Each kill lands after a random number of jobs, not a random time: on a loaded
        # machine a worker may need seconds to start, and a timed kill would land
        # before its first job (then nothing is tested).
        target = conn.hlen(runs_key) + rng.randint(20, 120)
        proc = start_worker(*args)
        try:
            assert wait_for(
                lambda p=proc, n=target: p.poll() is not None or conn.hlen(runs_key) >= n,
                HANG_GUARD_S,
                interval=0.005,
            ), "the worker did no work"
            assert proc.poll() is None, proc.communicate()[1][-2000:]
        finally:
            proc.kill()
            proc.communicate()
        kills += 1
    done_while_killing = len(conn.hkeys(runs_key))
    assert 0 < done_while_killing < JOBS  # every kill landed while jobs were left
    final = start_worker("--backend", "rq", "--redis", url, "--queue", queue.name,
                         "--pull-timeout", "1")  # fmt: skip
    _out, err = final.communicate(timeout=600)
    assert final.returncode == 0, err[-2000:]

    runs = {k.decode(): int(v) for k, v in conn.hgetall(runs_key).items()}
    with conn.pipeline(transaction=False) as pipe:
        for i in ids:
            pipe.hget(f"rq:job:{i}", "status")
        statuses = [s.decode() if s else None for s in pipe.execute()]
    lost = [i for i in ids if runs.get(i, 0) == 0]
    undone = [i for i, s in zip(ids, statuses, strict=True) if s != "finished"]
    duplicates = sum(1 for i in ids if runs.get(i, 0) > 1)
    with capsys.disabled():
        print(f"\nchaos: {JOBS} jobs, {kills} SIGKILLs, {len(lost)} lost, "
              f"{duplicates} run more than once (at-least-once); "
              f"{done_while_killing} done before the final drain")  # fmt: skip
    assert lost == [] and undone == []
    assert queue.count == 0 and not queue.started_job_registry.get_job_ids()
    assert duplicates <= kills  # at most the job in flight at each kill runs again
    conn.flushdb()
