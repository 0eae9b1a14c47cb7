"""Third-party checks load through the same entry-point group as the built-ins."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SEED_000 = HERE.parent / "examples" / "seed-000-job-blocks-forever"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real installed distribution: a module plus its dist-info with entry points."""
    site = tmp_path_factory.mktemp("site")
    shutil.copy(HERE / "plugins" / "opsdoc_example_plugin.py", site)
    info = site / "opsdoc_example_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: opsdoc-example-plugin\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text("[opsdoc.checks]\nexample = opsdoc_example_plugin\n")
    return site


def opsdoc(
    *args: str, extra_path: Path | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1")
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(extra_path), env.get("PYTHONPATH", "")])
        )
    return subprocess.run(
        [sys.executable, "-m", "opsdoc", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_plugin_check_is_listed_with_its_distribution(plugin_path: Path) -> None:
    out = opsdoc("checks", "--format", "json", extra_path=plugin_path)
    assert out.returncode == 0, out.stderr
    rows = {r["code"]: r for r in json.loads(out.stdout)["checks"]}
    assert rows["Z100"]["origin"] == "opsdoc-example-plugin"
    assert rows["T001"]["origin"] == "opsdoc"


def test_plugin_finding_appears_in_the_report(plugin_path: Path) -> None:
    out = opsdoc("diagnose", str(SEED_000), "--format", "json", extra_path=plugin_path)
    report = json.loads(out.stdout)
    z = [f for f in report["findings"] if f["code"] == "Z100"]
    assert [f["subject"] for f in z] == ["app/workers/content_worker.py:65"]
    assert z[0]["origin"] == "opsdoc-example-plugin"


def test_a_user_can_block_a_plugin(plugin_path: Path, tmp_path: Path) -> None:
    (tmp_path / "opsdoc.toml").write_text('disable-plugins = ["opsdoc-example-plugin"]\n')
    out = opsdoc("checks", "--format", "json", extra_path=plugin_path, cwd=tmp_path)
    codes = {r["code"] for r in json.loads(out.stdout)["checks"]}
    assert "Z100" not in codes and "T001" in codes


def test_a_broken_plugin_is_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "broken_plugin.py").write_text("raise RuntimeError('boom at import')\n")
    info = tmp_path / "broken_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[opsdoc.checks]\nbroken = broken_plugin\n")
    out = opsdoc("diagnose", str(SEED_000), "--format", "json", extra_path=tmp_path)
    report = json.loads(out.stdout)
    x = [f for f in report["findings"] if f["code"] == "X002"]
    assert x and "broken-plugin" in x[0]["summary"]
    assert report["findings"][0]["code"] == "T001"
