"""``opsdoc fix``: safe, idempotent model-ID fixes that keep files as they were otherwise."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "seed-001-retired-model-silent-failure"


def fix(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsdoc", "fix", *args, "--as-of", "2026-11-23"],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dst = tmp_path / "project"
    shutil.copytree(EXAMPLE, dst)
    return dst


def test_diff_is_the_default_and_writes_nothing(project: Path) -> None:
    before = (project / "app/services/ai_service.py").read_bytes()
    out = fix(str(project))
    assert out.returncode == 1  # changes pending, like ruff --diff
    assert '-            model="claude-3-5-haiku-20241022",' in out.stdout
    assert '+            model="claude-haiku-4-5",' in out.stdout
    assert '+        "model": "claude-sonnet-4-6",' in out.stdout
    assert "--- a/app/services/ai_service.py" in out.stdout
    assert (project / "app/services/ai_service.py").read_bytes() == before


def test_apply_fixes_and_a_second_run_changes_nothing(project: Path) -> None:
    target = project / "app/services/ai_service.py"
    target.chmod(0o640)
    out = fix(str(project), "--apply")
    assert out.returncode == 0, out.stderr
    assert "claude-3-5-haiku-20241022" not in target.read_text()
    assert target.read_text().count('model="claude-haiku-4-5"') == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    again = fix(str(project))
    assert again.returncode == 0 and again.stdout == ""
    diagnose = subprocess.run(
        [sys.executable, "-m", "opsdoc", "diagnose", str(project), "--no-code"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "retired" in diagnose.stdout  # the logs still show what happened before the fix


def test_line_endings_and_encoding_are_kept(tmp_path: Path) -> None:
    crlf = tmp_path / "settings.env"
    crlf.write_bytes(b"# models\r\nCHAT_MODEL=claude-3-5-sonnet-20240620\r\nOTHER=1\r\n")
    latin = tmp_path / "legacy.py"
    latin.write_bytes(
        "# -*- coding: latin-1 -*-\nNOTE = 'résumé'\nMODEL = \"claude-3-haiku-20240307\"\n".encode(
            "latin-1"
        )
    )
    (tmp_path / "chat.py").write_text(
        "import os\nfrom legacy import MODEL\n"
        "def ask(client, m):\n"
        "    client.messages.create(model=os.environ['CHAT_MODEL'], messages=m)\n"
        "    client.messages.create(model=MODEL, messages=m)\n"
    )
    out = fix(str(tmp_path), "--apply")
    assert out.returncode == 0, out.stderr
    assert crlf.read_bytes() == b"# models\r\nCHAT_MODEL=claude-sonnet-4-6\r\nOTHER=1\r\n"
    assert latin.read_bytes() == (
        "# -*- coding: latin-1 -*-\nNOTE = 'résumé'\nMODEL = \"claude-haiku-4-5\"\n".encode(
            "latin-1"
        )
    )


def test_ids_that_never_existed_get_the_nearest_real_successor(tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text(
        'SONNET = "claude-3-5-sonnet-20250219"\n'
        "def ask(client, m):\n    return client.messages.create(model=SONNET, messages=m)\n"
    )
    out = fix(str(tmp_path))
    assert '+SONNET = "claude-sonnet-4-6"' in out.stdout


def test_platform_ids_and_current_ids_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "bedrock.py").write_text(
        'MODEL = "anthropic.claude-3-5-sonnet-20241022-v2:0"\nCURRENT = "claude-sonnet-4-6"\n'
        "def ask(rt, m):\n    return rt.converse(modelId=MODEL, messages=m)\n"
    )
    out = fix(str(tmp_path), "--apply")
    assert "not fixed bedrock.py:1" in out.stdout
    assert (tmp_path / "bedrock.py").read_text().startswith('MODEL = "anthropic.claude-3-5-sonnet')


def test_files_outside_path_are_never_touched(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "models.py").write_text('MODEL = "claude-3-5-sonnet-20241022"\n')
    project = tmp_path / "project"
    project.mkdir()
    os.symlink(outside / "models.py", project / "models.py")
    fix(str(project), "--apply")
    assert (outside / "models.py").read_text() == 'MODEL = "claude-3-5-sonnet-20241022"\n'
