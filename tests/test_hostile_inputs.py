"""Hostile inputs cost bounded memory and give a clear X001 or config error (issue 15).

Each run is a subprocess under an address-space limit (``RLIMIT_AS``): the figure is a
generous ceiling (opsdoc reads these in well under a quarter of it); before the fixes
these inputs took 4 to 23 GB or crashed the interpreter.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

LIMIT = 1 << 30  # 1 GiB of address space: the README's bound


def opsdoc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "opsdoc", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        cwd=cwd,
    )


def assert_clean_failure(out: subprocess.CompletedProcess[str]) -> None:
    assert out.returncode in (1, 2, 3), (out.returncode, out.stderr[-2000:])
    assert "Traceback" not in out.stdout + out.stderr
    assert "MemoryError" not in out.stdout + out.stderr


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,  # ijson path
        '{"a":' * 100_000 + "1" + "}" * 100_000,  # whole-document path
        '[{"a":' + "[" * 100_000 + "]" * 100_000 + "}]",
    ],
    ids=["arrays", "objects", "entry"],
)
def test_deep_json_is_refused_with_x001(tmp_path: Path, body: str) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(body)
    out = opsdoc("diagnose", "--no-code", "--evidence", str(deep), "--timeout", "20")
    assert_clean_failure(out)
    assert "X001" in out.stdout and "nested deeper than 512 levels" in out.stdout


def test_one_deep_entry_in_a_gcloud_export_costs_only_itself(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures/exports/gcloud/logs-job.json"
    entries = json.loads(fixture.read_text())
    text = json.dumps(entries, indent=2)
    # gcloud's layout, with one entry holding a deep value on one line
    deep = '  {"textPayload": ' + "[" * 50_000 + "]" * 50_000 + ', "severity": "ERROR"\n  }'
    export = tmp_path / "logs.json"
    export.write_text(text[: text.index("\n  {", 2)] + "\n" + deep + "," + text[1:])
    out = opsdoc("diagnose", "--no-code", "--evidence", str(export), "--format", "json")
    assert "Traceback" not in out.stderr
    report = json.loads(out.stdout)
    x001 = [f for f in report["findings"] if f["code"] == "X001"]
    assert x001 and "nested deeper than 512 levels" in x001[0]["summary"]
    exports = next(s for s in report["sources"] if s["name"] == "exports")
    assert exports["records"] > 0  # the other entries were read


def test_yaml_alias_expansion_is_refused(tmp_path: Path) -> None:
    lines = ["apiVersion: run.googleapis.com/v1", "kind: Job", 'a: &a ["lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijk":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    lines.append(f"metadata: {{name: *{prev}}}")
    laughs = tmp_path / "job.yaml"
    laughs.write_text("\n".join(lines) + "\n")
    out = opsdoc("diagnose", "--no-code", "--evidence", str(laughs), "--timeout", "20")
    assert_clean_failure(out)
    assert "X001" in out.stdout and "aliases" in out.stdout


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_gitignore_symlinked_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").symlink_to("/dev/zero")
    (tmp_path / "app.py").write_text(
        "import anthropic\nc = anthropic.Anthropic()\n"
        'c.messages.create(model="claude-2.0", max_tokens=5, messages=[])\n'
    )
    out = opsdoc("diagnose", str(tmp_path), "--timeout", "20")
    assert "Traceback" not in out.stderr
    assert "M001" in out.stdout  # the scan went on, unbothered


def test_nested_toml_config_is_a_clean_config_error(tmp_path: Path) -> None:
    config = tmp_path / "second.toml"
    config.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    out = opsdoc("diagnose", str(tmp_path), "--config", str(config))
    assert out.returncode == 2
    assert "second.toml: invalid TOML: nested too deeply" in out.stderr
    assert "internal error" not in out.stderr and "Traceback" not in out.stderr


# -- no finding silently lost -------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures/exports/gcloud"


def _report(*args: str) -> dict[str, object]:
    out = opsdoc("diagnose", "--no-code", "--format", "json", *args)
    assert "Traceback" not in out.stderr, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _x001(report: dict[str, object]) -> list[str]:
    return [f["summary"] for f in report["findings"] if f["code"] == "X001"]  # type: ignore[attr-defined,index]


def _records(report: dict[str, object]) -> int:
    return next(s["records"] for s in report["sources"] if s["name"] == "exports")  # type: ignore[attr-defined,index]


def test_one_wrong_typed_entry_costs_only_itself(tmp_path: Path) -> None:
    entries = json.loads((FIXTURES / "logs-job.json").read_text())
    entries[3]["resource"] = "oops"
    export = tmp_path / "logs.json"
    export.write_text(json.dumps(entries, indent=2))
    report = _report("--evidence", str(export))
    assert any(
        "skipped 1 entry of the wrong shape" in s and "'resource' should be an object" in s
        for s in _x001(report)
    ), _x001(report)
    detail = next(s["detail"] for s in report["sources"] if s["name"] == "exports")  # type: ignore[attr-defined,index]
    assert f"({len(entries) - 1} entries)" in detail  # every other entry was read


def test_fifo_evidence_is_refused_and_the_rest_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    os.mkfifo(folder / "pipe.json")
    (folder / "logs.json").write_text((FIXTURES / "logs-job.json").read_text())
    report = _report("--evidence", str(folder), "--evidence", str(folder / "pipe.json"))
    assert any("not a regular file" in s for s in _x001(report))
    assert _records(report) > 0


def test_symlinks_out_of_an_evidence_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret-elsewhere.log"
    outside.write_text("2026-11-22 10:00:00,000 ERROR outside: must not be read\n")
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "link.log").symlink_to(outside)
    (folder / "inside.log").write_text("2026-11-22 10:00:00,000 ERROR app: boom\n")
    (folder / "inner-link.log").symlink_to(folder / "inside.log")
    report = _report("--evidence", str(folder))
    assert any("outside the evidence folder" in s for s in _x001(report))
    assert "must not be read" not in json.dumps(report)


def test_latin1_logs_are_read_and_utf16_is_reported(tmp_path: Path) -> None:
    latin = tmp_path / "worker.log"
    latin.write_bytes(
        "2026-11-22 10:00:00,000 ERROR worker: r\u00e9sum\u00e9 Work-horse terminated "
        "unexpectedly; waitpid returned 9\n".encode("latin-1")
    )
    utf16 = tmp_path / "other.log"
    utf16.write_text("2026-11-22 10:00:00,000 ERROR x\n", encoding="utf-16")
    report = _report("--evidence", str(latin), "--evidence", str(utf16))
    assert "r\u00e9sum\u00e9 Work-horse" in json.dumps(report, ensure_ascii=False)
    assert any("UTF-16" in s for s in _x001(report))


def test_one_pathological_python_file_costs_only_itself(tmp_path: Path) -> None:
    (tmp_path / "expr.py").write_text(
        "import anthropic\nc = anthropic.Anthropic()\ndef f(fut):\n    x = "
        + " + ".join(["1"] * 100_000)
        + "\n    fut.result()\n"
        + '    c.messages.create(model="claude-2.1", max_tokens=1, messages=[])\n'
    )
    (tmp_path / "good.py").write_text(
        "import anthropic\nc = anthropic.Anthropic()\n"
        'c.messages.create(model="claude-2.0", max_tokens=1, messages=[])\n'
    )
    out = opsdoc("diagnose", str(tmp_path), "--timeout", "30", "--format", "json")
    assert "Traceback" not in out.stdout + out.stderr
    report = json.loads(out.stdout)
    subjects = {(f["code"], f["subject"]) for f in report["findings"]}
    assert ("M001", "good.py:3") in subjects  # the rest of the scan went on
    assert ("X001", "expr.py") in subjects  # the bad file is named, not the whole source
    code = next(s for s in report["sources"] if s["name"] == "code")
    assert code["status"] == "ok"


def test_big_and_utf16_code_files_are_reported_not_silently_skipped(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text("import anthropic\n" + "# pad\n" * 600_000)
    (tmp_path / "wide.py").write_text('import anthropic\nX = "claude-2.0"\n', encoding="utf-16")
    (tmp_path / "ok.py").write_text("x = 1\n")
    out = opsdoc("diagnose", str(tmp_path), "--format", "json")
    code = next(s for s in json.loads(out.stdout)["sources"] if s["name"] == "code")
    assert "big.py (over 2 MB, not scanned)" in code["skipped"]
    assert "wide.py (holds NUL bytes (binary or UTF-16), not scanned)" in code["skipped"]


def test_a_truncated_job_yaml_is_reported_and_kept(tmp_path: Path) -> None:
    whole = (FIXTURES / "job-describe.yaml").read_bytes()
    cut = tmp_path / "job.yaml"
    cut.write_bytes(whole[: whole.index(b"\n", len(whole) // 2) - 3])  # mid-line
    report = _report("--evidence", str(cut))
    assert any("looks cut short" in s for s in _x001(report))
    assert _records(report) >= 1
    intact = _report("--evidence", str(FIXTURES / "job-describe.yaml"))
    assert not any("cut short" in s for s in _x001(intact))
