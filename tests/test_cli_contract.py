"""The CLI contract a CI step relies on: never "No problems found" when nothing was checked.

Every test drives the installed ``opsdoc`` as a subprocess, as a user or CI would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
OPSDOC = str(Path(sys.executable).parent / "opsdoc")
SEED_000 = ROOT / "examples" / "seed-000-job-blocks-forever"


def opsdoc(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "GOOGLE_CLOUD_PROJECT"}}
    return subprocess.run(
        [OPSDOC, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**clean, "NO_COLOR": "1", **env},
        timeout=120,
    )


BLOCKING = """\
from google.cloud import pubsub_v1


def main():
    future = subscriber.subscribe(path, callback)
    future.result()
"""


def project(tmp_path: Path, config: str = "") -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "worker.py").write_text(BLOCKING)
    (tmp_path / "job.yaml").write_text(
        "apiVersion: run.googleapis.com/v1\nkind: Job\nmetadata:\n  name: drain\n"
        "spec:\n  template:\n    spec:\n      template:\n        spec:\n"
        "          containers:\n          - image: img\n            command: [python, -m, app.worker]\n"
    )
    if config:
        (tmp_path / "opsdoc.toml").write_text(config)
    return tmp_path


# -- 1. unknown codes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--select", "ZZZ"], "", "--select: unknown code or prefix 'ZZZ'"),
        (["--ignore", "T0O1"], "", "--ignore: unknown code or prefix 'T0O1'"),
        (["--extend-select", "Q9"], "", "--extend-select: unknown code or prefix 'Q9'"),
        ([], 'select = ["ZZZ"]\n', "opsdoc.toml: select: unknown code or prefix 'ZZZ'"),
        ([], '[per-file-ignores]\n"a.py" = ["B001"]\n', "per-file-ignores.a.py: unknown code"),
    ],
)
def test_unknown_code_is_exit_2_naming_it(
    tmp_path: Path, args: list[str], config: str, message: str
) -> None:
    if config:
        (tmp_path / "opsdoc.toml").write_text(config)
    out = opsdoc("diagnose", ".", "--offline", *args, cwd=tmp_path)
    assert out.returncode == 2, out.stdout
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_prefixes_and_all_are_accepted(tmp_path: Path) -> None:
    out = opsdoc("diagnose", ".", "--offline", "--select", "ALL,T00,M", cwd=tmp_path)
    assert out.returncode == 0, out.stderr


def test_inline_suppression_with_unknown_code_warns_and_unused_one_warns(tmp_path: Path) -> None:
    project(tmp_path)
    text = BLOCKING.replace("future.result()", "future.result()  # opsdoc: ignore[T0O1]")
    text += "\n\nx = 1  # opsdoc: ignore[T001]\n"
    (tmp_path / "app" / "worker.py").write_text(text)
    out = opsdoc("diagnose", ".", "--offline", cwd=tmp_path)
    assert "app/worker.py:6: unknown code T0O1" in out.stderr
    assert "app/worker.py:9: unused suppression `# opsdoc: ignore[T001]`" in out.stderr
    # the unknown code suppressed nothing: T001 is still reported
    assert "T001" in out.stdout and out.returncode == 1


def test_used_suppression_does_not_warn(tmp_path: Path) -> None:
    project(tmp_path)
    text = BLOCKING.replace("future.result()", "future.result()  # opsdoc: ignore[T001]")
    (tmp_path / "app" / "worker.py").write_text(text)
    out = opsdoc("diagnose", ".", "--offline", "--format", "json", cwd=tmp_path)
    assert "warning" not in out.stderr
    assert json.loads(out.stdout)["warnings"] == []


# -- 2. requested sources are never dropped ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--subscription", "s"], {}, "--subscription needs --gcp-project"),
        (
            ["--subscription", "projects/p/subscriptions/s"],
            {"PUBSUB_EMULATOR_HOST": "127.0.0.1:1"},
            "--subscription needs --gcp-project",
        ),
        (["--redis", "redis://127.0.0.1:1", "--offline"], {}, "cannot be combined with --offline"),
        (["--region", "europe-west1"], {}, "--region needs --gcp-project"),
    ],
)
def test_requested_source_that_cannot_run_is_exit_2(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    out = opsdoc("diagnose", ".", *args, cwd=tmp_path, **env)
    assert out.returncode == 2, out.stdout
    assert message in out.stderr
    assert "No problems found" not in out.stdout


# -- 3. failed snapshot -------------------------------------------------------------------


def test_failed_snapshot_records_the_failure_and_reads_back_as_x001(tmp_path: Path) -> None:
    from tests.conftest import free_port

    out = opsdoc(
        "snapshot", "--redis", f"redis://127.0.0.1:{free_port()}", "--timeout", "2",
        "-o", "snap.json", cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 3
    assert "FAILED" in out.stderr
    data = json.loads((tmp_path / "snap.json").read_text())
    assert data["failures"] and data["records"] == []
    back = opsdoc("diagnose", "--no-code", "--evidence", "snap.json", cwd=tmp_path)
    assert back.returncode == 3
    assert "X001" in back.stdout and "capture failed" in back.stdout
    assert "No problems found" not in back.stdout


# -- 4. ignoring X001 does not turn an unreachable source into success --------------------


def test_ignored_x001_still_exits_3_for_a_requested_source(tmp_path: Path) -> None:
    from tests.conftest import free_port

    url = f"redis://127.0.0.1:{free_port()}"
    out = opsdoc(
        "diagnose", ".", "--no-code", "--redis", url, "--ignore", "X001", "--timeout", "5",
        cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 3, out.stdout
    assert "redis" in out.stdout and "failed" in out.stdout


def test_exit_zero_keeps_exit_3_for_a_source_that_could_not_run(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{ not json")
    out = opsdoc("diagnose", "--no-code", "--evidence", "bad.json", "--exit-zero", cwd=tmp_path)
    assert out.returncode == 3


def test_exit_zero_turns_findings_into_0(tmp_path: Path) -> None:
    project(tmp_path)
    assert opsdoc("diagnose", ".", "--offline", cwd=tmp_path).returncode == 1
    assert opsdoc("diagnose", ".", "--offline", "--exit-zero", cwd=tmp_path).returncode == 0


# -- 5. what ran ----------------------------------------------------------------------------


def test_every_report_says_what_ran_and_what_was_skipped(tmp_path: Path) -> None:
    out = opsdoc("diagnose", ".", "--offline", cwd=tmp_path)
    assert out.returncode == 0
    assert re.search(r"checks: \d+ ran, \d+ skipped \(evidence missing\), 0 failed", out.stdout)
    table = opsdoc("diagnose", ".", "--offline", "--show-checks", cwd=tmp_path).stdout
    assert re.search(
        r"E002\s+Executions killed by the task timeout\s+skipped\s+needs Execution", table
    )
    data = json.loads(opsdoc("diagnose", ".", "--offline", "--format", "json", cwd=tmp_path).stdout)
    by_code = {c["code"]: c for c in data["checks"]}
    assert by_code["E002"]["status"] == "skipped" and by_code["E002"]["missing"] == ["Execution"]
    assert "X001" not in by_code  # emitted by the engine, not a check that runs


def test_nothing_checked_reads_differently_from_nothing_found(tmp_path: Path) -> None:
    out = opsdoc("diagnose", ".", "--no-code", "--select", "E002", cwd=tmp_path)
    assert "Nothing was checked" in out.stdout
    assert "No problems found" not in out.stdout
    assert "0 ran" in out.stdout


# -- 6. JSON-lines logs ----------------------------------------------------------------------


def test_opsdocs_own_worker_log_is_read(tmp_path: Path, redis_server) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "worker.log"
    with log.open("w") as fh:
        subprocess.run(
            [OPSDOC, "worker", "run", "--backend", "rq", "--redis", redis_server.url,
             "--queue", "jsonl-test", "--pull-timeout", "1"],
            stdout=fh, stderr=subprocess.DEVNULL, timeout=60, check=True,
        )  # fmt: skip
    assert len(log.read_text().splitlines()) >= 2
    out = opsdoc("diagnose", "--no-code", "--evidence", "worker.log", cwd=tmp_path)
    assert out.returncode == 0, out.stdout
    assert "malformed" not in out.stdout
    assert "JSON-lines log" in out.stdout


def test_json_lines_under_any_name_with_errors_and_text_lines(tmp_path: Path) -> None:
    lines = [
        {"time": "2026-11-20T10:00:00Z", "level": "info", "msg": "started", "pid": 7},
        {"time": "2026-11-20T10:00:01Z", "level": "error", "msg": "job failed: boom", "pid": 7},
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\nTraceback (most recent call last):\n"
    (tmp_path / "container-output").write_text(text)
    out = opsdoc(
        "diagnose", "--no-code", "--evidence", "container-output", "--format", "json",
        cwd=tmp_path,
    )  # fmt: skip
    data = json.loads(out.stdout)
    (source,) = data["sources"]
    assert source["status"] == "ok" and "JSON-lines log (3 lines)" in source["detail"]
    assert any("job failed: boom" in e["text"] for e in data["timeline"])


# -- 8. reference time ---------------------------------------------------------------------


def test_old_evidence_takes_its_own_end_as_reference_time(tmp_path: Path) -> None:
    out = opsdoc("diagnose", str(SEED_000), "--format", "json", cwd=tmp_path)
    data = json.loads(out.stdout)
    assert data["as_of"].startswith("2025-")
    assert any("newest evidence timestamp" in n for n in data["notes"])
    text = opsdoc("diagnose", str(SEED_000), cwd=tmp_path).stdout
    assert "note: as of 2025-" in text


def test_as_of_flag_and_config_key_win(tmp_path: Path) -> None:
    out = opsdoc("diagnose", str(SEED_000), "--as-of", "2026-01-01T00:00:00Z", "--format", "json")
    data = json.loads(out.stdout)
    assert data["as_of"] == "2026-01-01T00:00:00Z" and data["notes"] == []
    (tmp_path / "opsdoc.toml").write_text('as-of = "2025-11-04T06:00:00Z"\n')
    out = opsdoc("diagnose", ".", "--offline", "--format", "json", cwd=tmp_path)
    assert json.loads(out.stdout)["as_of"] == "2025-11-04T06:00:00Z"
    (tmp_path / "opsdoc.toml").write_text('as-of = "last week"\n')
    bad = opsdoc("diagnose", ".", "--offline", cwd=tmp_path)
    assert bad.returncode == 2 and "as-of: not an ISO-8601 timestamp" in bad.stderr


# -- 9. fix diffs apply --------------------------------------------------------------------


@pytest.mark.parametrize("trailing_newline", [True, False])
def test_fix_diff_applies_with_git(tmp_path: Path, trailing_newline: bool) -> None:
    source = (
        'import anthropic\nMODEL = "claude-3-sonnet-20240229"\n'
        "reply = anthropic.Anthropic().messages.create(model=MODEL, max_tokens=8, messages=[])"
    )
    (tmp_path / "app.py").write_text(source + ("\n" if trailing_newline else ""))
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    out = opsdoc("fix", ".", "--as-of", "2026-11-01", cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert ("\\ No newline at end of file" in out.stdout) is not trailing_newline
    (tmp_path / "fix.diff").write_text(out.stdout.split("not fixed")[0])
    check = subprocess.run(
        ["git", "apply", "--check", "fix.diff"], cwd=tmp_path, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("pattern", ["ZZZ", "T001", "M001,Q"])
def test_fix_select_that_picks_no_fixable_code_is_exit_2(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "app.py").write_text('MODEL = "claude-3-sonnet-20240229"\n')
    out = opsdoc("fix", ".", "--select", pattern, "--as-of", "2026-11-01", cwd=tmp_path)
    assert out.returncode == 2, out.stdout
    bad = pattern.split(",")[-1]
    assert f"--select: {bad!r} selects no fixable code (fixable: M001, M002, M003)" in out.stderr
    assert "fix(es)" not in out.stdout + out.stderr


def test_fix_select_prefix_and_lower_case_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        'import anthropic\nMODEL = "claude-3-sonnet-20240229"\n'
        "anthropic.Anthropic().messages.create(model=MODEL, max_tokens=8, messages=[])\n"
    )
    out = opsdoc("fix", ".", "--select", "m0", "--as-of", "2026-11-01", cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert "1 fix(es) would apply" in out.stderr


# -- 12. said once, commands filled ----------------------------------------------------------


def test_missing_google_credentials_is_said_once(tmp_path: Path) -> None:
    out = opsdoc(
        "diagnose", ".", "--no-code", "--gcp-project", "p", "--region", "r",
        "--subscription", "s", "--format", "json", "--timeout", "20",
        cwd=tmp_path,
        GOOGLE_APPLICATION_CREDENTIALS=str(tmp_path / "none.json"),
        HOME=str(tmp_path),
    )  # fmt: skip
    assert out.returncode == 3
    x001 = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "X001"]
    assert len(x001) == 1, [f["subject"] for f in x001]
    assert x001[0]["summary"].startswith("4 sources (")


def test_t001_and_e002_commands_name_the_job_and_region() -> None:
    out = opsdoc("diagnose", str(SEED_000), "--format", "json")
    findings = json.loads(out.stdout)["findings"]
    commands = [c for f in findings if f["code"] in ("T001", "E002") for c in f["fix"]["commands"]]
    gcloud = [c for c in commands if c.startswith("gcloud")]
    assert gcloud and all("JOB" not in c and "REGION" not in c for c in gcloud), gcloud
    assert all("--region " in c for c in gcloud)


# -- 14. configuration -----------------------------------------------------------------------


def test_config_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    project(tmp_path, 'ignore = ["T001"]\n')
    out = opsdoc("diagnose", ".", "--offline", "--show-settings", cwd=tmp_path / "app")
    settings = json.loads(out.stdout)
    assert settings["config_file"].endswith("opsdoc.toml") and settings["ignore"] == ["T001"]
    py = tmp_path / "sub"
    py.mkdir()
    (py / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no [tool.opsdoc]: walk on
    out = opsdoc("diagnose", ".", "--offline", "--show-settings", cwd=py)
    assert json.loads(out.stdout)["config_file"].endswith("opsdoc.toml")


def test_exclude_extend_exclude_and_extend_select(tmp_path: Path) -> None:
    project(tmp_path, 'exclude = ["app/worker.py"]\n')
    out = opsdoc("diagnose", ".", "--offline", "--format", "json", cwd=tmp_path)
    assert not [f for f in json.loads(out.stdout)["findings"] if f["subject"].startswith("app/")]
    out = opsdoc("diagnose", ".", "--offline", "--exclude", "", "--format", "concise", cwd=tmp_path)
    assert "app/worker.py" in out.stdout  # the flag replaces the config's exclude
    (tmp_path / "opsdoc.toml").write_text('extend-exclude = ["ap?"]\n')  # a glob, by name
    assert "app/worker.py" not in opsdoc("diagnose", ".", "--offline", cwd=tmp_path).stdout
    (tmp_path / "opsdoc.toml").write_text('select = ["M"]\nextend-select = ["T001"]\n')
    out = opsdoc("diagnose", ".", "--offline", "--format", "json", cwd=tmp_path)
    codes = {c["code"] for c in json.loads(out.stdout)["checks"]}
    assert "T001" in codes and "M001" in codes and "E002" not in codes


def test_statistics_and_concise(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "app" / "other.py").write_text(BLOCKING)
    stats = opsdoc("diagnose", ".", "--offline", "--statistics", cwd=tmp_path)
    assert re.search(r"^\s*2\s+T001\s+Job worker blocks forever", stats.stdout, re.M), stats.stdout
    concise = opsdoc("diagnose", ".", "--offline", "--format", "concise", cwd=tmp_path)
    assert re.search(r"^app/other\.py:6: T001 \[\w+\] ", concise.stdout, re.M)
    assert concise.stdout.strip().splitlines()[-1].startswith("Found ")


def test_show_settings_never_prints_secrets(tmp_path: Path) -> None:
    out = opsdoc(
        "diagnose", ".", "--redis", "redis://:hunter2@127.0.0.1:1/0", "--show-settings",
        cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0 and "hunter2" not in out.stdout
    assert json.loads(out.stdout)["redis"]


# -- 15. several paths -----------------------------------------------------------------------


def test_several_paths_and_single_files(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "also.py").write_text(BLOCKING)
    (tmp_path / "lib" / "clean.py").write_text("x = 1\n")
    out = opsdoc(
        "diagnose", "lib/also.py", "job.yaml", "--offline", "--format", "concise", cwd=tmp_path
    )
    assert "lib/also.py:6: T001" in out.stdout
    # Only the given files are scanned: nothing is reported at app/worker.py.
    assert not re.search(r"^app/worker\.py:", out.stdout, re.M)
    missing = opsdoc("diagnose", "lib/also.py", "nope.py", "--offline", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.py: no such file or directory" in missing.stderr


# -- 16. github format and SARIF base --------------------------------------------------------


def test_github_annotations_and_sarif_paths_are_repository_relative(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    project(tmp_path / "svc") if (tmp_path / "svc").mkdir() is None else None
    out = opsdoc("diagnose", "svc", "--offline", "--format", "github", cwd=tmp_path)
    assert re.search(r"^::error file=svc/app/worker\.py,line=6,title=T001 ", out.stdout, re.M)
    sarif = json.loads(
        opsdoc("diagnose", "svc", "--offline", "--format", "sarif", cwd=tmp_path).stdout
    )
    run = sarif["runs"][0]
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
        for loc in r["locations"]
        if "physicalLocation" in loc
    }
    assert "svc/app/worker.py" in uris


def test_tui_refuses_report_options() -> None:
    out = opsdoc("tui", ".", "--format", "json")
    assert out.returncode == 2 and "unrecognized arguments: --format" in out.stderr


# -- 10. smoke advice matches the failure ----------------------------------------------------


def smoke_json(*args: str, **env: str) -> dict:  # type: ignore[type-arg]
    out = opsdoc("smoke", *args, "--format", "json", **env)
    assert out.returncode == 1, out.stdout + out.stderr
    data: dict = json.loads(out.stdout)  # type: ignore[type-arg]
    return data


def test_smoke_advice_for_a_raising_handler_is_not_about_redis(redis_server) -> None:  # type: ignore[no-untyped-def]
    url = f"redis://127.0.0.1:{redis_server.port}/6"
    report = smoke_json("--redis", url, "--queue", "advice", "--pull-timeout", "0.5",
                        "--payload", '{"fail": true}')  # fmt: skip
    (finding,) = report["findings"]
    assert finding["code"] == "S001" and "handler failed" in finding["summary"]
    assert "handler raised" in finding["fix"]["text"]
    assert "Redis URL" not in finding["fix"]["text"]


def test_smoke_advice_for_a_missing_subscription(pubsub_emulator) -> None:  # type: ignore[no-untyped-def]
    env = {"PUBSUB_EMULATOR_HOST": pubsub_emulator.host}
    missing = f"projects/{pubsub_emulator.project}/subscriptions/nope-{os.getpid()}"
    for extra in ([], ["--topic", f"projects/{pubsub_emulator.project}/topics/nope"]):
        report = smoke_json("--subscription", missing, "--pull-timeout", "1", *extra, **env)
        (finding,) = report["findings"]
        assert "does not exist (NotFound)" in finding["summary"], finding["summary"]
        assert "connect failed" not in finding["summary"]
        assert "not found" in finding["fix"]["text"]


def test_summaries_and_quotes_end_at_a_word() -> None:
    from opsdoc.check_helpers import shorten
    from opsdoc.findings import quote

    text = "sqlalchemy.exc.InvalidRequestError: consider adding this relationship() to the class"
    short = shorten(text, 60)
    assert short.endswith("…") and len(short) <= 60
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "
    q = quote("exports", "x", text, width=60).quote
    assert q == short
    assert shorten("short", 60) == "short"


def test_every_finding_diff_applies_with_git(tmp_path: Path) -> None:
    import shutil

    seed = tmp_path / "seed"
    shutil.copytree(ROOT / "examples" / "seed-001-retired-model-silent-failure", seed)
    subprocess.run(["git", "init", "-q"], cwd=seed, check=True)
    out = opsdoc("diagnose", ".", "--as-of", "2026-11-01T00:00:00Z", "--format", "json", cwd=seed)
    diffs = [f["fix"]["diff"] for f in json.loads(out.stdout)["findings"] if f["fix"]["diff"]]
    assert diffs
    for diff in diffs:
        check = subprocess.run(
            ["git", "apply", "--check", "-"], input=diff, cwd=seed, capture_output=True, text=True
        )
        assert check.returncode == 0, diff + check.stderr


# -- 17. a file the code walk found that does not parse is named, not a failed run ----------

BROKEN = "import time\n\nasync def tick():\n    return time.sleep(1) +\n"


def _x001(out: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    report = json.loads(out.stdout)
    assert report["exit_code"] == out.returncode
    return [(f["severity"], f["subject"]) for f in report["findings"] if f["code"] == "X001"]


@pytest.mark.parametrize("flags", [(), ("--exit-zero",), ("--fail-on", "warning")])
def test_a_discovered_file_that_does_not_parse_is_a_warning_not_exit_3(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "broken.py").write_text(BROKEN)
    (tmp_path / "app" / "fine.py").write_text("import time\n\nasync def ok():\n    time.sleep(1)\n")
    out = opsdoc("diagnose", ".", "--format", "json", *flags, cwd=tmp_path)
    assert "Traceback" not in out.stderr, out.stderr
    assert _x001(out) == [("warning", "app/broken.py")]  # named: the user sees it went unscanned
    codes = [f["code"] for f in json.loads(out.stdout)["findings"]]
    assert "A001" in codes  # the rest was scanned
    # A001 here is a warning: --fail-on warning makes that 1, and the X001 changes nothing
    assert out.returncode == (1 if "--fail-on" in flags else 0)


def test_a_file_named_as_path_that_does_not_parse_is_still_exit_3(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text(BROKEN)
    out = opsdoc("diagnose", "broken.py", "--format", "json", "--exit-zero", cwd=tmp_path)
    assert out.returncode == 3, out.stderr
    assert _x001(out) == [("error", "broken.py")]


def test_an_unreadable_evidence_file_is_still_exit_3_beside_a_broken_discovered_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "broken.py").write_text(BROKEN)
    (tmp_path / "logs.json").write_text('[{"timestamp": "2026-11-22T10:00:00Z", "textPayload": "x"')
    out = opsdoc("diagnose", ".", "--evidence", "logs.json", "--format", "json", cwd=tmp_path)
    assert out.returncode == 3, out.stderr
    assert sorted(_x001(out)) == [("error", "logs.json"), ("warning", "broken.py")]
