"""Output cannot be forged: control and bidi characters in paths and payloads are
spelled out, and values in suggested shell commands are quoted (issue 15)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

FORGED = "a\n\u2716 CRITICAL T001 FAKE\u202e\u2028.py"


def diagnose(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsdoc", "diagnose", *args, "--as-of", "2026-11-23T00:00:00Z"],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit", "json", "sarif"])
def test_a_newline_in_a_file_name_forges_no_finding_line(tmp_path: Path, fmt: str) -> None:
    (tmp_path / FORGED).write_text(
        "import anthropic\nc = anthropic.Anthropic()\n"
        'c.messages.create(model="claude-2.0", max_tokens=5, messages=[])\n'
    )
    out = diagnose(str(tmp_path), "--format", fmt)
    assert "M001" in out.stdout, out.stderr
    for line in out.stdout.splitlines():
        assert not line.lstrip(" |<\"'").startswith("\u2716 CRITICAL T001"), line
    assert "\u202e" not in out.stdout and "\u2028" not in out.stdout
    if fmt != "json" and fmt != "sarif":
        assert "\\u202e" in out.stdout


def test_queue_names_are_quoted_in_suggested_commands(tmp_path: Path) -> None:
    name = "evil;$(touch${IFS}pwned)`id`"
    export = tmp_path / "rqinfo.txt"
    export.write_text(
        f"{name} |\u2588\u2588\u2588\u2588 50\n1 queues, 50 jobs total\n\n0 workers, 1 queues\n"
    )
    out = diagnose("--no-code", "--evidence", str(export))
    assert "Q001" in out.stdout, out.stdout + out.stderr
    command = f"rq worker --url $REDIS_URL {shlex.quote(name)}"
    assert command in out.stdout
    assert shlex.split(command)[-1] == name  # one argument, nothing for a shell to run
