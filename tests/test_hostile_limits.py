"""Issue 15, the last limits: a symlinked --config, unreadable directories in the code
scan, and 10,000 retired model IDs in one file.

Each run is a real ``opsdoc`` subprocess under a 1 GiB address-space limit; the tests
assert outcomes, never wall-clock time (the speed figures are in benchmarks/hostile.py).
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

LIMIT = 1 << 30  # 1 GiB of address space: the README's bound


def opsdoc(
    *args: str, cwd: Path | None = None, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
        if preexec is not None:
            preexec()

    return subprocess.run(
        [sys.executable, "-m", "opsdoc", *args],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
        cwd=cwd,
    )


# --- a symlinked --config ------------------------------------------------------------


def test_a_symlinked_config_named_with_config_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "opsdoc.toml"
    real.parent.mkdir()
    real.write_text('fail-on = "critical"\ntimeout = 7\n')
    link = tmp_path / "opsdoc.toml"
    link.symlink_to(real)
    out = opsdoc("diagnose", str(tmp_path), "--config", str(link), "--show-settings")
    assert out.returncode == 0, out.stderr
    settings = json.loads(out.stdout)
    assert settings["fail_on"] == "critical" and settings["timeout_s"] == 7.0


def test_a_discovered_symlinked_config_is_still_not_followed(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.toml"
    real.write_text('fail-on = "critical"\n')
    project = tmp_path / "project"
    project.mkdir()
    (project / "opsdoc.toml").symlink_to(real)
    out = opsdoc("diagnose", str(project), "--show-settings")
    assert out.returncode == 2
    assert "a symbolic link; not followed" in out.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_config_symlinked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "opsdoc.toml"
    link.symlink_to("/dev/zero")
    out = opsdoc("diagnose", str(tmp_path), "--config", str(link), "--no-code")
    assert out.returncode == 2
    assert "not a regular file" in out.stderr
    assert "Traceback" not in out.stderr and "MemoryError" not in out.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_config_symlinked_to_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "opsdoc.toml"
    link.symlink_to(fifo)
    out = opsdoc("diagnose", str(tmp_path), "--config", str(link), "--no-code")
    assert out.returncode == 2
    assert "not a regular file" in out.stderr


def test_a_symlinked_config_is_still_read_to_one_megabyte_at_most(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "w") as fh:
        fh.write("# padding\n" * 300_000)  # 3 MB of comments: valid TOML
    link = tmp_path / "opsdoc.toml"
    link.symlink_to(big)
    out = opsdoc("diagnose", str(tmp_path), "--config", str(link), "--no-code")
    assert out.returncode == 2
    assert "larger than 1024 KB" in out.stderr


# --- unreadable directories in the code scan -----------------------------------------

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_permission_override() -> None:
    """Make file permissions bind in the child even when the tests run as root: drop the
    two capabilities that bypass them from the bounding set before ``exec``."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


RETIRED_CALL = (
    "import anthropic\nc = anthropic.Anthropic()\n"
    'c.messages.create(model="claude-2.0", max_tokens=5, messages=[])\n'
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux permissions")
def test_an_unreadable_directory_is_reported_and_the_rest_scanned(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / "app" / "main.py").write_text(RETIRED_CALL)
    locked = project / "secret stuff"
    (locked / "inner").mkdir(parents=True)
    (locked / "inner" / "jobs.py").write_text(RETIRED_CALL)
    locked.chmod(0)
    try:
        out = opsdoc(
            "diagnose",
            str(project),
            "--format",
            "json",
            "--timeout",
            "60",
            preexec=_without_permission_override,
        )
    finally:
        locked.chmod(0o755)
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    assert out.returncode == 1, out.stderr[-2000:]  # errors found: the M001 and the X001
    report = json.loads(out.stdout)
    x001 = [f for f in report["findings"] if f["code"] == "X001"]
    assert len(x001) == 1, x001
    assert x001[0]["subject"] == "secret stuff"
    assert "directory not scanned" in x001[0]["summary"]
    assert "permission denied" in x001[0]["summary"].lower()
    m001 = [f["subject"] for f in report["findings"] if f["code"] == "M001"]
    assert m001 == ["app/main.py:3"]  # the readable part was scanned


# --- 10,000 retired model IDs in one file ---------------------------------------------


def test_ten_thousand_retired_ids_in_one_file_are_one_finding_with_a_count(
    tmp_path: Path,
) -> None:
    project = tmp_path / "generated"
    project.mkdir()
    lines = ["import anthropic", "c = anthropic.Anthropic()"]
    lines += [
        f'c.messages.create(model="claude-2.{i % 2}", max_tokens=1, messages=[])'
        for i in range(10_000)
    ]
    (project / "gen.py").write_text("\n".join(lines) + "\n")
    (project / "other.py").write_text(RETIRED_CALL)
    # Generous: the bound under test is the outcome (no X002), not the speed.
    out = opsdoc("diagnose", str(project), "--format", "json", "--timeout", "240")
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    report = json.loads(out.stdout)
    codes = [f["code"] for f in report["findings"]]
    assert "X002" not in codes and "X001" not in codes, [
        f["summary"] for f in report["findings"] if f["code"].startswith("X")
    ]
    m001 = [f for f in report["findings"] if f["code"] == "M001"]
    assert sorted(f["subject"] for f in m001) == ["gen.py:3", "other.py:3"]
    collapsed = next(f for f in m001 if f["subject"] == "gen.py:3")
    assert "10,000 uses of retired model IDs in gen.py" in collapsed["summary"]
    assert "claude-2.0 (5,000)" in collapsed["summary"]
    assert "claude-2.1 (5,000)" in collapsed["summary"]
    assert len(collapsed["evidence"]) <= 5
    # The diff shows the first changes; `opsdoc fix` makes every one.
    diff = collapsed["fix"]["diff"]
    assert diff.count('\n-c.messages.create(model="claude-2.') == 20
    assert "`opsdoc fix --apply` makes all 10,000" in collapsed["fix"]["text"]
    m001_status = next(c for c in report["checks"] if c["code"] == "M001")
    assert m001_status["status"] == "ran" and m001_status["findings"] == 2


# --- --timeout counts from the process's start ----------------------------------------


def test_start_up_counts_against_the_timeout() -> None:
    """A process that took 9.8 s to start at ``--timeout 10`` has no time left for its
    sources (the report keeps its reserve): they are cut at once, and the finding says
    which deadline cut them rather than blaming the source's own 60 s timeout."""
    import threading
    import time
    from datetime import UTC, datetime

    from opsdoc.engine import report_reserve, run
    from opsdoc.sources.base import SourceContext, SourceResult

    given: list[float] = []
    called = threading.Event()
    release = threading.Event()

    class Waiting:
        name, timeout_s = "waits", 60.0

        def collect(self, ctx: SourceContext) -> SourceResult:
            given.append(ctx.deadline_s)
            called.set()
            release.wait(30)
            return SourceResult()

    assert report_reserve(10) > 0.2
    started = time.monotonic() - 9.8
    result = run([Waiting()], [], as_of=datetime.now(UTC), root=".", timeout_s=10, started=started)
    release.set()
    assert called.wait(30)
    assert given == [0.0]  # the source itself was told it had no time
    (x001,) = [f for f in result.findings if f.code == "X001"]
    assert "source waits timed out: the run's --timeout was reached after" in x001.summary
    assert "60 s" not in x001.summary
    (status,) = result.statuses
    assert status.status == "failed" and status.seconds < 60
