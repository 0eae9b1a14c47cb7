"""``opsdoc fix --apply`` is atomic and exact, and its output cannot leak or be forged.

Guards the failures of issue 15: a torn file after a failed write, files rewritten
before a conflict was found, a hard link changing a file outside PATH, line numbers
shifted by a form feed or U+2028, and raw source lines (secrets, escape sequences)
printed by ``fix``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

from opsdoc.commands.fix import FixConflict, apply, plan

AS_OF = "2026-11-23"
RETIRED = "claude-3-5-sonnet-20240620"
LINE = f'client.messages.create(model="{RETIRED}", max_tokens=5, messages=[])\n'


def fix(*args: str, limit_fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        if limit_fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_fsize, limit_fsize))

    return subprocess.run(
        [sys.executable, "-m", "opsdoc", "fix", *args, "--as-of", AS_OF],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limits,
    )


def test_a_failed_write_leaves_the_file_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.py"
    body = "import anthropic\nclient = anthropic.Anthropic()\n" + LINE + "# pad\n" * 40_000
    big.write_text(body)
    out = fix(str(tmp_path), "--apply", limit_fsize=64_000)  # the rewrite cannot fit
    assert out.returncode == 1
    assert "could not be written" in out.stderr and "unchanged" in out.stderr
    assert "Traceback" not in out.stderr
    assert big.read_text() == body
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.py"]  # no temporary left


def test_a_conflict_changes_nothing_and_lists_every_file(tmp_path: Path) -> None:
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text("import anthropic\n" + LINE)
    fixes, _ = plan(tmp_path, date(2026, 11, 23))
    assert len(fixes) == 3
    (tmp_path / "b.py").write_text("import anthropic\n# edited meanwhile\n" + LINE)
    (tmp_path / "c.py").write_text("import anthropic\n# edited too\n" + LINE)
    try:
        apply(tmp_path, fixes)
    except FixConflict as exc:
        message = str(exc)
    else:
        raise AssertionError("apply went ahead over a changed file")
    assert "nothing was changed" in message
    assert "b.py: changed since it was read" in message
    assert "c.py: changed since it was read" in message
    assert RETIRED in (tmp_path / "a.py").read_text()  # checked before any write


def test_hard_links_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("import anthropic\n" + LINE)
    project = tmp_path / "project"
    project.mkdir()
    os.link(outside, project / "linked.py")
    out = fix(str(project), "--apply")
    assert out.returncode == 1
    assert "hard links" in out.stderr
    assert RETIRED in outside.read_text()


def test_mode_is_kept_and_the_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "app.py"
    target.write_text("import anthropic\n" + LINE)
    target.chmod(0o604)
    out = fix(str(tmp_path), "--apply")
    assert out.returncode == 0, out.stderr
    assert RETIRED not in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o604


def test_form_feed_and_line_separator_do_not_shift_lines(tmp_path: Path) -> None:
    target = tmp_path / "formfeed.py"
    target.write_text("import anthropic\n\f\nNOTE = 'a\u2028b'\n" + LINE)
    out = fix(str(tmp_path), "--apply")
    assert out.returncode == 0, out.stderr
    assert "fixed formfeed.py:4:" in out.stdout
    assert RETIRED not in target.read_text()
    assert "1 fix(es) applied" in out.stderr
    again = fix(str(tmp_path))
    assert again.returncode == 0 and again.stdout == ""


def test_fix_output_is_redacted_and_escaped(tmp_path: Path) -> None:
    key = "sk-ant-api03-" + "Q" * 40
    name = "a\n+++ forged\u202e.py"
    (tmp_path / name).write_text(
        "import anthropic\n"
        f'client = anthropic.Anthropic(api_key="{key}")  # \x1b]0;pwned\x07\x1b[2J\n'
        f'client.messages.create(model="{RETIRED}", max_tokens=5, messages=[]) # {key}\n'
    )
    out = fix(str(tmp_path))
    assert out.returncode == 1, out.stderr
    assert key not in out.stdout and "QQQQQQQQ" not in out.stdout
    assert "\x1b" not in out.stdout and "\u202e" not in out.stdout
    assert "\\u202e" in out.stdout
    assert "\n+++ forged" not in out.stdout  # the name stays on its header line
