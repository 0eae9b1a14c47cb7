"""`opsdoc demo` in a real terminal (tmux): starts, shows a root cause, quits cleanly.

The pilot tests drive the app in-process; this one proves the installed
command works end to end in a terminal, and that quitting gives the terminal
back (alternate screen left, shell output visible).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

DEMO = [sys.executable, "-m", "opsdoc", "demo"]


@pytest.fixture
def tmux() -> Iterator[list[str]]:
    """A private tmux server (its own socket), killed afterwards."""
    if shutil.which("tmux") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tmux is not available: install tmux")
        pytest.skip("tmux is not available: install tmux")
    base = ["tmux", "-L", f"opsdoc-test-{os.getpid()}"]
    yield base
    subprocess.run([*base, "kill-server"], capture_output=True, check=False)


def screen(tmux: list[str]) -> str:
    done = subprocess.run(
        [*tmux, "capture-pane", "-p", "-t", "demo"], capture_output=True, text=True
    )
    return done.stdout


def wait_for(tmux: list[str], text: str, timeout: float = 120.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        shown = screen(tmux)
        if text in shown:
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not shown; screen:\n{shown}")
        time.sleep(0.1)


def test_demo_in_a_real_terminal(tmux: list[str]) -> None:
    command = f"{shlex.join(DEMO)}; echo opsdoc-exited-$?; sleep 30"
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "demo", "-x", "120", "-y", "40", command],
        check=True,
        env=env,
    )
    shown = wait_for(tmux, "What the evidence shows")
    assert "T001 Job worker blocks forever" in shown
    assert "seed-000-job-blocks-forever" in shown
    subprocess.run([*tmux, "send-keys", "-t", "demo", "q"], check=True)
    shown = wait_for(tmux, "opsdoc-exited-0")
    # The terminal is back: the TUI's screen is gone and the alternate screen is off.
    assert "What the evidence shows" not in shown
    alt = subprocess.run(
        [*tmux, "display-message", "-p", "-t", "demo", "#{alternate_on}"],
        capture_output=True,
        text=True,
    )
    assert alt.stdout.strip() == "0"
