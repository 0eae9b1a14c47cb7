"""A wheel install works on its own and installs nothing but ``opsdoc``."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [whl] = out.glob("opsdoc-*.whl")
    return whl


def test_wheel_installs_only_the_opsdoc_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"opsdoc"}
    assert "opsdoc/py.typed" in names
    assert "opsdoc/checks/timeouts.py" in names
    assert "opsdoc/runbooks/T001.md" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[opsdoc.checks]" in text and "opsdoc.checks.timeouts" in text


def test_wheel_runs_in_a_clean_environment(wheel: Path, tmp_path: Path) -> None:
    """No dependency is installed: listing checks and reading runbooks must not need one."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    version = subprocess.run(
        [env_dir / "bin" / "opsdoc", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip().startswith("opsdoc ")
    checks = subprocess.run(
        [py, "-m", "opsdoc", "checks"], capture_output=True, text=True, check=True
    )
    assert "T001" in checks.stdout and "E002" in checks.stdout
    runbook = subprocess.run(
        [py, "-m", "opsdoc", "runbook", "T001"], capture_output=True, text=True, check=True
    )
    assert "## Confirm" in runbook.stdout
    for name in ("toolkit", "checks", "runbooks"):
        probe = subprocess.run(
            [py, "-c", f"import {name}"], capture_output=True, text=True, cwd=tmp_path
        )
        assert probe.returncode != 0, f"wheel installed a top-level {name!r} module"
