"""The GitHub Action's shell steps and the pre-commit hook, run for real.

The action's steps are taken from ``action.yml`` itself and run with bash as the
runner would (inputs substituted, ``$GITHUB_OUTPUT`` a file), so the shipped script is
what is tested. The hook runs through the real ``pre-commit try-repo``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
RETIRED = (
    'import anthropic\nMODEL = "claude-3-sonnet-20240229"\n'
    "reply = anthropic.Anthropic().messages.create(model=MODEL, max_tokens=8, messages=[])\n"
)


def action() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def expand(text: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    def value(m: re.Match[str]) -> str:
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr.removeprefix("inputs.")]
        if expr.startswith("steps.") and ".outputs." in expr:
            step, _, key = expr.removeprefix("steps.").partition(".outputs.")
            return outputs.get(f"{step}.{key}", "")
        raise AssertionError(f"unexpected expression in a run step: {expr}")

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def run_steps(workdir: Path, **given: str) -> tuple[dict[str, str], dict[str, int], str]:
    """Run every shell step but the install (opsdoc is installed here already)."""
    spec = action()
    inputs = {k: str(v.get("default", "")) for k, v in spec["inputs"].items()} | given
    outputs: dict[str, str] = {}
    codes: dict[str, int] = {}
    log = ""
    for step in spec["runs"]["steps"]:
        if "run" not in step or step.get("id") == "install":
            continue
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "inputs must reach the script as variables"
        out_file = workdir / f"{step['id']}.out"
        out_file.write_text("")
        env = {k: expand(str(v), inputs, outputs) for k, v in step.get("env", {}).items()}
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=workdir,
            env={**os.environ, **env, "GITHUB_OUTPUT": str(out_file), "NO_COLOR": "1",
                 "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        codes[step["id"]] = done.returncode
        log += done.stdout + done.stderr
        for line in out_file.read_text().splitlines():
            key, _, val = line.partition("=")
            outputs[f"{step['id']}.{key}"] = val
    return outputs, codes, log


def test_action_inputs_are_documented_and_the_steps_are_wired() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    uses = [s["uses"] for s in spec["runs"]["steps"] if "uses" in s]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert all(v.get("description") for v in spec["inputs"].values())


def test_action_fails_at_the_chosen_severity_and_writes_sarif(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(RETIRED)
    outputs, codes, log = run_steps(tmp_path)
    assert outputs["diagnose.exit-code"] == "1" and codes["diagnose"] == 0
    assert codes["verdict"] == 1 and "findings at or above error" in log
    assert (tmp_path / "opsdoc.sarif").is_file()
    assert re.search(r"^::error file=app\.py,line=2,title=M001 ", log, re.M)


def test_action_passes_below_the_threshold_and_takes_extra_args(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(RETIRED)
    outputs, codes, _log = run_steps(tmp_path, args="--ignore M --offline", path="app.py")
    assert outputs["diagnose.exit-code"] == "0" and codes["verdict"] == 0


def test_action_reports_a_usage_error(tmp_path: Path) -> None:
    outputs, codes, log = run_steps(tmp_path, args="--select ZZZ")
    assert outputs["diagnose.exit-code"] == "2" and codes["verdict"] == 2
    assert "unknown code or prefix 'ZZZ'" in log


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pre-commit", path=str(BIN)) is None:
        pytest.fail("pre-commit is not installed: pip install -e '.[test]'")
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs the project as a git checkout")
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    # The hook's environment reuses the installed dependencies (system site packages, no
    # dependency resolution): the hook definition and pre-commit itself are what is tested.
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
           "PIP_NO_DEPS": "1", "PIP_NO_BUILD_ISOLATION": "1", "NO_COLOR": "1"}  # fmt: skip
    return subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(ROOT), hook, "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


# Two hook runs, each building the hook's environment (up to 600 s apiece on a loaded
# machine): the suite-wide 300 s ceiling would cut the second one short.
@pytest.mark.timeout(1500)
def test_pre_commit_hook_flags_the_staged_file(tmp_path: Path, pre_commit_home: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "bad.py").write_text(RETIRED)
    (tmp_path / "good.py").write_text("x = 1\n")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    failed = try_repo(tmp_path, pre_commit_home, "opsdoc", "bad.py", "good.py")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "bad.py:2: M001 [error]" in failed.stdout
    passed = try_repo(tmp_path, pre_commit_home, "opsdoc", "good.py")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^opsdoc\.+Passed", passed.stdout, re.M)
