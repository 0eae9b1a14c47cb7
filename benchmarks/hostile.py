"""SPEC section 9's figures under hostile input: deadline, peak memory, secret kinds.

Each case runs ``opsdoc`` in a child process and reports how long it took to exit
and its peak resident memory (``ru_maxrss`` of the child), against the bounds the
README states: exit by ``--timeout`` + 1 s counted from the process's start (start-up
included), peak memory under 1 GiB. Then the M001 check alone on 10,000 retired model
IDs in one file, redaction's throughput on a 20 MB single-line field, and the number
of secret kinds masked.

Run: ``python benchmarks/hostile.py`` (targets: every case within its deadline and
under 1 GiB; M001 on 10,000 IDs well under its 10 s check deadline; redaction >= 2 MB/s
on hostile text).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "exports" / "gcloud"
MEMORY_BOUND = 1 << 30
CHECK_DEADLINE_S = 10.0


def child(args: list[str], timeout_s: float) -> tuple[float, int, int]:
    """(seconds to exit, peak RSS in bytes, exit code) of ``opsdoc args``."""
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "opsdoc", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not the largest yet
    seconds = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss * 1024, proc.returncode


def _hostile_server(stop: threading.Event, header: bytes, chunk: bytes, pause_s: float) -> int:
    """A local server that answers every request with ``header``, then ``chunk`` after
    ``chunk`` until stopped: the port to point a Redis client at."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)

    def serve(conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(header)
            while not stop.is_set():
                conn.sendall(chunk)
                if pause_s:
                    time.sleep(pause_s)
        except OSError:
            pass

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        server.close()

    threading.Thread(target=accept, daemon=True).start()
    return int(server.getsockname()[1])


def trickling_redis(stop: threading.Event) -> int:
    """Announces a 1 MB reply, then sends it one byte every 100 ms."""
    return _hostile_server(stop, b"*1\r\n$1000000\r\n", b"x", 0.1)


def announcing_redis(stop: threading.Event) -> int:
    """Announces an 8 GB bulk reply and streams NUL bytes as fast as it can."""
    return _hostile_server(stop, b"*2\r\n$8000000000\r\n", b"\0" * 65536, 0.0)


def endless_line_redis(stop: threading.Event) -> int:
    """Starts an error reply and never ends its line (no CRLF), as fast as it can."""
    return _hostile_server(stop, b"-ERR ", b"x" * 65536, 0.0)


def cases(tmp: Path, stop: threading.Event) -> list[tuple[str, float, Callable[[], list[str]]]]:
    def deep_json() -> list[str]:
        path = tmp / "deep.json"
        path.write_text('{"a":' * 100_000 + "1" + "}" * 100_000)
        return ["diagnose", "--no-code", "--evidence", str(path), "--timeout", "10"]

    def deep_list() -> list[str]:
        path = tmp / "deep-list.json"
        path.write_text("[" * 100_000 + "]" * 100_000)
        return ["diagnose", "--no-code", "--evidence", str(path), "--timeout", "10"]

    def laughs() -> list[str]:
        lines = ["apiVersion: run.googleapis.com/v1", "kind: Job", 'a: &a ["lol","lol"]']
        prev = "a"
        for name in "bcdefghijk":
            lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
            prev = name
        path = tmp / "job.yaml"
        path.write_text("\n".join(lines) + "\n")
        return ["diagnose", "--no-code", "--evidence", str(path), "--timeout", "10"]

    def dev_zero() -> list[str]:
        project = tmp / "project"
        project.mkdir(exist_ok=True)
        (project / "app.py").write_text("x = 1\n")
        ignore = project / ".gitignore"
        if not ignore.is_symlink():
            ignore.symlink_to("/dev/zero")
        return ["diagnose", str(project), "--timeout", "10"]

    def many_ids() -> list[str]:
        return ["diagnose", str(generated_project(tmp)), "--timeout", "10"]

    def big_export() -> list[str]:
        entries = json.loads((FIXTURES / "logs-job.json").read_text())
        path = tmp / "big.json"
        with open(path, "w") as fh:
            json.dump(entries * 20_000, fh, indent=2)  # ~380 MB
        return ["diagnose", "--no-code", "--evidence", str(path), "--timeout", "5"]

    def trickle() -> list[str]:
        port = trickling_redis(stop)
        return ["diagnose", "--no-code", "--redis", f"redis://127.0.0.1:{port}/0", "--timeout", "5"]

    def announce() -> list[str]:
        port = announcing_redis(stop)
        return [
            "diagnose",
            "--no-code",
            "--redis",
            f"redis://127.0.0.1:{port}/0",
            "--timeout",
            "10",
        ]

    def endless_line() -> list[str]:
        port = endless_line_redis(stop)
        return ["diagnose", "--no-code", "--redis", f"redis://127.0.0.1:{port}/0", "--timeout", "5"]

    return [
        ("JSON objects nested 100,000 deep (200 KB)", 10, deep_json),
        ("JSON arrays nested 100,000 deep (200 KB)", 10, deep_list),
        ("YAML billion laughs", 10, laughs),
        (".gitignore -> /dev/zero", 10, dev_zero),
        ("10,000 retired model IDs in one .py", 10, many_ids),
        ("Redis trickling one byte per 0.1 s", 5, trickle),
        ("Redis announcing an 8 GB reply", 10, announce),
        ("Redis reply line that never ends", 5, endless_line),
        ("380 MB log export", 5, big_export),
    ]


def generated_project(tmp: Path) -> Path:
    """One generated .py holding 10,000 calls with retired model IDs (360 KB)."""
    project = tmp / "generated"
    project.mkdir(exist_ok=True)
    lines = ["import anthropic", "c = anthropic.Anthropic()"]
    lines += [
        f'c.messages.create(model="claude-2.{i % 2}", max_tokens=1, messages=[])'
        for i in range(10_000)
    ]
    (project / "gen.py").write_text("\n".join(lines) + "\n")
    return project


def model_checks(project: Path) -> list[tuple[str, float, int]]:
    """(code, seconds, findings) of each M check alone on the generated file's evidence:
    the work that hit the 10 s check deadline (X002) before M001 collapsed per file."""
    from datetime import UTC, datetime

    from opsdoc.derive import derive
    from opsdoc.evidence import Evidence
    from opsdoc.plugin import load_registry
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.code import CodeSource

    now = datetime.now(UTC)
    ctx = SourceContext(as_of=now, root=str(project), deadline_s=600)
    evidence = Evidence(as_of=now)
    evidence.add(CodeSource(str(project)).collect(ctx).records)
    evidence.add(derive(evidence))
    registry = load_registry()
    out = []
    for code in ("M001", "M002", "M003", "M004", "M005"):
        t0 = time.perf_counter()
        hits = list(registry.specs[code].func(evidence))
        out.append((code, time.perf_counter() - t0, len(hits)))
    return out


def redaction() -> tuple[float, int]:
    from opsdoc.redact import KINDS, redact

    hostile = ("token=" + "a" * 50 + " x://y:z@" + "eyJ" * 10) * (20_000_000 // 80)
    t0 = time.perf_counter()
    redact(hostile)
    seconds = time.perf_counter() - t0
    return len(hostile) / seconds / 1e6, len(KINDS)


def main() -> int:
    ok = True
    stop = threading.Event()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print(f"{'case':45} {'timeout':>8} {'exit after':>11} {'peak RSS':>9} {'code':>5}")
        for label, timeout_s, make in cases(tmp, stop):
            args = make()
            seconds, peak, code = child(args, timeout_s)
            within = seconds <= timeout_s + 1 and peak < MEMORY_BOUND and code != 2
            ok = ok and within
            mark = "" if within else "  <-- over"
            print(
                f"{label:45} {timeout_s:>7g}s {seconds:>10.2f}s {peak / 2**20:>7.0f}MB "
                f"{code:>5}{mark}"
            )
        stop.set()
        print("\nmodel checks alone on 10,000 retired IDs in one file:")
        for code, seconds, hits in model_checks(generated_project(tmp)):
            print(f"  {code}  {seconds:6.2f}s  {hits} finding(s)")
            ok = ok and seconds < CHECK_DEADLINE_S / 4
    rate, kinds = redaction()
    print(f"\nredaction of a 20 MB hostile single-line field: {rate:.1f} MB/s")
    print(f"secret kinds masked: {kinds}")
    ok = ok and rate >= 2
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
