"""The command line: exit codes, one-line errors, config precedence, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from opsdoc.cli import main

ROOT = Path(__file__).parent.parent
SEED_000 = ROOT / "examples" / "seed-000-job-blocks-forever"
HEAVY = (
    "anthropic",
    "google.cloud.pubsub_v1",
    "google.cloud.logging",
    "google.cloud.run_v2",
    "redis",
    "textual",
    "rq",
    "grpc",
)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsdoc", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(os.environ, NO_COLOR="1"),
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diagnose", "--bogus"], "unrecognized arguments: --bogus"),
        (["diagnose", "does/not/exist"], "does/not/exist: no such file or directory"),
        (["diagnose", ".", "--evidence", "nowhere.json"], "--evidence nowhere.json: no such file"),
        (["diagnose", ".", "--as-of", "yesterday"], "--as-of: not an ISO-8601 timestamp"),
        (["diagnose", ".", "--format", "xml"], "invalid choice: 'xml'"),
        (["diagnose", ".", "--timeout", "0"], "--timeout must be a positive number"),
        (["diagnose", ".", "--config", "missing.toml"], "missing.toml: no such file"),
        (["runbook", "Q999"], "no runbook for 'Q999'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path
) -> None:
    out = run_cli(*args, cwd=tmp_path)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("select = [", "invalid TOML"),
        ('fail-on = "loud"', "unknown severity 'loud'"),
        ("colour = true", "unknown key(s) colour"),
        ("[thresholds]\nlb-timeout = 30", "unknown threshold 'lb-timeout'"),
        ('[thresholds]\nlb-timeout-s = "soon"', "thresholds.lb-timeout-s must be a number"),
    ],
)
def test_bad_config_is_exit_2_naming_the_file(config: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "opsdoc.toml").write_text(config + "\n")
    out = run_cli("diagnose", str(tmp_path), "--offline", cwd=tmp_path)
    assert out.returncode == 2, out.stdout
    assert "opsdoc.toml" in out.stderr and message in out.stderr
    assert "Traceback" not in out.stderr


def test_pyproject_tool_table_is_read_and_flags_win(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.opsdoc]\nfail-on = "warning"\nignore = ["T"]\n'
    )
    worker = tmp_path / "worker.py"
    worker.write_text("def handler():\n    return 1\n")
    code = main(["diagnose", str(tmp_path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["exit_code"] == 0


def test_version_and_offline_diagnose_import_no_heavy_client() -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from opsdoc.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['diagnose', {str(SEED_000)!r}, '--offline', '--format', 'json'])\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
    version = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom opsdoc.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert version.stdout.strip().endswith("[]")


def test_checks_lists_every_builtin_code() -> None:
    out = run_cli("checks")
    assert out.returncode == 0
    for code in ("T001", "T002", "E001", "E002", "E005", "X001", "X002"):
        assert code in out.stdout


def test_runbook_without_code_lists_them() -> None:
    out = run_cli("runbook")
    assert out.returncode == 0
    assert "T001" in out.stdout and "X002" in out.stdout


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    out = run_cli("diagnose", str(SEED_000), "--format", "json", "--output", str(target))
    assert out.stdout == ""
    assert json.loads(target.read_text())["schema"] == 1
