"""A hostile or broken Redis costs bounded memory and time (issue 15).

A real redis-server holds a value over the reply cap at a queue head; wire-level
fakes announce gigabytes or trickle bytes forever. opsdoc runs in a subprocess
under a 1 GiB address-space limit.
"""

from __future__ import annotations

import json
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from conftest import RedisServer

LIMIT = 1 << 30


def opsdoc(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "opsdoc", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
    )


@contextmanager
def fake_redis(reply_head: bytes, trickle: float | None) -> Iterator[int]:
    """Answers anything with ``reply_head``, then zeros: all at once or one byte per
    ``trickle`` seconds, for as long as the client listens."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(reply_head)
            while not stop.is_set():
                if trickle is None:
                    conn.sendall(b"\0" * 65536)
                else:
                    conn.sendall(b"\0")
                    time.sleep(trickle)
        except OSError:
            pass
        finally:
            conn.close()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        server.close()


def test_a_value_over_the_cap_names_its_key_and_keeps_the_rest(redis_server: RedisServer) -> None:
    import redis

    url = f"redis://127.0.0.1:{redis_server.port}/5"
    r = redis.Redis.from_url(url)
    r.flushdb()
    r.sadd("rq:queues", "rq:queue:huge", "rq:queue:small")
    r.rpush("rq:queue:huge", b"x" * (20 << 20))
    r.rpush("rq:queue:small", "j1", "j2")
    out = opsdoc("diagnose", "--no-code", "--redis", url, "--format", "json")
    report = json.loads(out.stdout)
    x001 = [f["summary"] for f in report["findings"] if f["code"] == "X001"]
    assert any("key rq:queue:huge" in s and "over the 8 MB limit" in s for s in x001), x001
    assert any(f["code"] == "Q001" and "small" in f["summary"] for f in report["findings"])
    redis_status = next(s for s in report["sources"] if s["name"] == "redis")
    assert redis_status["records"] >= 2  # both queues still reported


def test_a_reply_announcing_gigabytes_is_refused() -> None:
    with fake_redis(b"*2\r\n$8000000000\r\n", trickle=None) as port:
        out = opsdoc("diagnose", "--no-code", "--redis", f"redis://127.0.0.1:{port}/0")
    assert "Traceback" not in out.stderr and "MemoryError" not in out.stdout
    assert out.returncode == 3
    assert "over the 8 MB limit" in out.stdout


@pytest.mark.parametrize("head", [b"+OK", b"-ERR "], ids=["status", "error"])
def test_a_reply_line_that_never_ends_is_capped(head: bytes) -> None:
    # A status or error reply whose CRLF never comes: NUL bytes as fast as they go.
    with fake_redis(head, trickle=None) as port:
        out = opsdoc("diagnose", "--no-code", "--redis", f"redis://127.0.0.1:{port}/0")
    assert "Traceback" not in out.stderr and "MemoryError" not in out.stdout
    assert out.returncode == 3, out.stderr
    assert "key rq:queues: a reply line with no end in its first 64 KB" in out.stdout
    assert "over the 64 KB limit" in out.stdout
    assert "timed out" not in out.stdout  # refused at the cap, not cut by the deadline


def test_a_trickling_server_does_not_hold_the_process_open() -> None:
    """The process exits while the server is still sending (it never stops on its own).

    Before the fix the process stayed alive as long as bytes kept coming. The ceiling is
    a hang guard; `benchmarks/hostile.py` measures the exit at about --timeout + 1 s.
    """
    with fake_redis(b"*1\r\n$1000000\r\n", trickle=0.1) as port:
        out = opsdoc(
            "diagnose",
            "--no-code",
            "--redis",
            f"redis://127.0.0.1:{port}/0",
            "--timeout",
            "2",
            timeout=120,
        )
    assert out.returncode == 3, out.stderr
    assert "X001" in out.stdout
