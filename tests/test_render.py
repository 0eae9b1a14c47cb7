"""Renderers: every format from the same ranked report, snapshotted and parsed back."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from opsdoc.findings import EvidenceItem, Finding, Fix, Severity, SourceStatus
from opsdoc.render import Format, render
from opsdoc.render._common import path_line
from opsdoc.render.markdown import code, fence
from opsdoc.report import Report, TimelineEvent, rank, resolve_links

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
EXT = {
    Format.TEXT: "txt",
    Format.JSON: "json",
    Format.SARIF: "sarif",
    Format.JUNIT: "xml",
    Format.MARKDOWN: "md",
    Format.CONCISE: "concise.txt",
    Format.GITHUB: "github.txt",
}

T001_DIFF = """\
--- a/worker/main.py
+++ b/worker/main.py
@@ -40,3 +40,3 @@
     with subscriber:
-        streaming_pull_future.result()
+        streaming_pull_future.result(timeout=IDLE_EXIT_S)
"""


def findings() -> list[Finding]:
    """A seed-000/001 style incident: every renderer branch has something to draw."""
    return [
        Finding(
            code="T001",
            title="Job worker blocks forever waiting for messages",
            severity=Severity.CRITICAL,
            subject="worker/main.py:42",
            summary="The Cloud Run Job worker waits on streaming_pull_future.result() "
            "with no timeout, so executions never finish.",
            evidence=(
                EvidenceItem("code", "worker/main.py:42", "streaming_pull_future.result()"),
                EvidenceItem("exports", "executions.json#0", "The configured timeout was reached."),
            ),
            fix=Fix(
                text="Pull with a timeout and exit when the subscription is empty.",
                commands=(
                    "gcloud run jobs update ingest --task-timeout=900s",
                    "redis-cli -u redis://:hunter2@redis:6379/0 ping",
                ),
                diff=T001_DIFF,
            ),
            runbook="T001",
            confidence=0.9,
            root_cause=True,
            explains=("E002:*", "E001:jobs/ingest"),
        ),
        Finding(
            code="E002",
            title="Executions killed by the task timeout",
            severity=Severity.ERROR,
            subject="jobs/ingest",
            summary="3 of 3 executions ran until the 5400 s task timeout with 0 messages done.",
            evidence=(
                EvidenceItem("exports", "executions.json#0", "ingest-abc12 | timeout reached"),
            ),
            runbook="E002",
            confidence=0.85,
        ),
        Finding(
            code="E001",
            title="Repeated execution failures",
            severity=Severity.ERROR,
            subject="jobs/ingest",
            summary="3 executions failed with NonZeroExitCode.",
            runbook="E001",
        ),
        Finding(
            code="M001",
            title="Retired Anthropic model ID",
            severity=Severity.ERROR,
            subject="app/config.py:12",
            summary="claude-3-sonnet-20240229 is retired; every call returns 404.",
            evidence=(
                EvidenceItem("code", "app/config.py:12", 'MODEL = "claude-3-sonnet-20240229"'),
            ),
            fix=Fix(
                text="Use the successor model.",
                commands=("opsdoc fix . --select M001 --apply",),
                diff="--- a/app/config.py\n+++ b/app/config.py\n@@ -12 +12 @@\n"
                '-MODEL = "claude-3-sonnet-20240229"\n+MODEL = "claude-sonnet-4-5"\n',
            ),
            runbook="M001",
            confidence=0.95,
            root_cause=True,
            explains=("M004:*",),
        ),
        Finding(
            code="M004",
            title="Model not found errors in logs",
            severity=Severity.WARNING,
            subject="services/api",
            summary="41 not_found_error responses for claude-3-sonnet-20240229 | model: <unknown>.",
            evidence=(
                EvidenceItem("exports", "logs.json#7", "Error code: 404 | `not_found_error`"),
            ),
            runbook="M004",
        ),
        Finding(
            code="M005",
            title="Model ID hard-coded in many places",
            severity=Severity.INFO,
            subject="claude-3-sonnet-20240229",
            summary="The same model ID appears in 4 files.",
            runbook="M005",
            confidence=0.6,
            origin="opsdoc-extra",
        ),
        Finding(
            code="Q002",
            title="Backlog growing",
            severity=Severity.WARNING,
            subject="localhost:6379",
            summary="Queue default holds 1200 jobs; oldest is 3 h old.",
            runbook="Q002",
        ),
        Finding(
            code="X001",
            title="A source could not be read",
            severity=Severity.ERROR,
            subject="exports/broken.json",
            summary="exports/broken.json: invalid JSON at line 3 column 5",
            evidence=(EvidenceItem("exports", "exports/broken.json", '{"a": \x07}'),),
            runbook="X001",
            confidence=1.0,
        ),
        Finding(
            code="A004",
            title="Exceptions swallowed in job code",
            severity=Severity.WARNING,
            subject="worker/jobs.py:88",
            summary="except Exception: logs and continues.",
            runbook="A004",
            suppressed="inline comment: # opsdoc: ignore[A004]",
        ),
        Finding(
            code="Q001",
            title="Backlog with no live consumer",
            severity=Severity.ERROR,
            subject="projects/demo/subscriptions/ingest-sub",
            summary="Backlog of 12 messages, no subscriber.",
            runbook="Q001",
            suppressed="config: [tool.opsdoc] ignore = Q001",
        ),
    ]


def sources() -> list[SourceStatus]:
    return [
        SourceStatus("code", "ok", 57, 0.12),
        SourceStatus("exports", "ok", 412, 0.08, "", ["exports/notes.txt"]),
        SourceStatus("redis", "failed", 0, 5.0, "ConnectionError: redis://:s3cret@redis:6379"),
        SourceStatus("anthropic", "skipped", 0, 0.0, "no ANTHROPIC_API_KEY"),
    ]


def make_report(fs: list[Finding] | None = None) -> Report:
    ranked = rank(resolve_links(findings() if fs is None else fs))
    return Report(
        as_of=AS_OF,
        findings=ranked,
        sources=sources() if fs is None else [SourceStatus("code", "ok", 3, 0.01)],
        timeline=[
            TimelineEvent(
                datetime(2026, 11, 23, 4, 30, 0, 250000, tzinfo=UTC),
                "exports", "executions.json#0", "execution-start", "execution ingest-abc12 started",
            ),
            TimelineEvent(
                datetime(2026, 11, 23, 5, 59, 59, tzinfo=UTC),
                "exports", "logs.json#7", "log", "token=abcdef123456 404 not_found_error", "error",
            ),
        ] if fs is None else [],
        seconds=0.437,
        version="0.1.0",
    )  # fmt: skip


@pytest.fixture
def report() -> Report:
    return make_report()


# --- every format -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(Format))
def test_snapshot(report: Report, fmt: Format, snapshot) -> None:
    snapshot.assert_match(render(report, fmt), f"report.{EXT[fmt]}")


@pytest.mark.parametrize("fmt", list(Format))
def test_snapshot_empty_report(fmt: Format, snapshot) -> None:
    snapshot.assert_match(render(make_report([]), fmt), f"empty.{EXT[fmt]}")


@pytest.mark.parametrize("fmt", list(Format))
def test_deterministic_and_free_of_secrets_and_local_paths(report: Report, fmt: Format) -> None:
    first = render(report, fmt)
    assert first == render(make_report(), fmt)
    for secret in ("hunter2", "s3cret", "abcdef123456"):
        assert secret not in first
    assert str(Path.cwd()) not in first
    assert str(Path.home()) not in first
    assert "\x1b" not in first


@pytest.mark.parametrize("fmt", list(Format))
def test_control_characters_from_logs_are_shown_not_obeyed(fmt: Format) -> None:
    hostile = Finding(
        code="E003",
        title="Silent failure",
        severity=Severity.ERROR,
        subject="jobs/ingest",
        summary="log said \x1b[2J\x1b[31mboom",
        evidence=(EvidenceItem("exports", "logs.json#1", "\x1b]0;pwned\x07 done"),),
        fix=Fix(diff="--- a/x.py\r\n+++ b/x.py\r\n"),
    )
    out = render(make_report([hostile]), fmt, color=False)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "x1b[2J" in out
    if fmt not in (Format.CONCISE, Format.GITHUB):  # one line per finding: no evidence
        assert "x1b]0;pwned" in out


@pytest.mark.parametrize("name", [f.value for f in Format])
def test_render_accepts_format_names(report: Report, name: str) -> None:
    assert render(report, name) == render(report, Format(name))


def test_unknown_format_is_a_clear_value_error(report: Report) -> None:
    with pytest.raises(ValueError, match="expected one of text, json, sarif, junit, markdown"):
        render(report, "yaml")


def test_format_modules_load_lazily() -> None:
    code_ = (
        "import sys; from opsdoc.render import render, Format;"
        "print('opsdoc.render.junit' in sys.modules, 'xml.etree.ElementTree' in sys.modules)"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code_], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --- json ---------------------------------------------------------------------------------

SPEC_TOP = {"schema", "opsdoc", "as_of", "exit_code", "sources", "findings"}
SPEC_FINDING = {
    "id", "code", "title", "severity", "subject", "summary", "root_cause", "explains",
    "confidence", "evidence", "fix", "runbook",
}  # fmt: skip


def test_json_has_spec_keys_in_rank_order(report: Report) -> None:
    text = render(report, Format.JSON)
    data = json.loads(text)
    assert SPEC_TOP | {"summary", "timeline"} <= set(data)
    assert data["schema"] == 1 and data["opsdoc"] == "0.1.0"
    assert data["as_of"] == "2026-11-23T06:00:00Z"
    assert data["exit_code"] == 1
    assert [f["id"] for f in data["findings"]] == [f.id for f in report.findings]
    for f in data["findings"]:
        assert set(f) >= SPEC_FINDING
        assert set(f["fix"]) == {"text", "commands", "diff"}
        assert all(set(e) == {"source", "ref", "quote"} for e in f["evidence"])
        assert f["severity"] in {"critical", "error", "warning", "info"}
    assert {"name", "status", "records", "seconds", "detail", "skipped"} == set(data["sources"][0])
    assert data["sources"][1]["skipped"] == ["exports/notes.txt"]
    t001 = data["findings"][0]
    assert t001["id"] == "T001:worker/main.py:42"
    assert t001["explains"] == ["E001:jobs/ingest", "E002:jobs/ingest"]
    assert t001["suppressed"] == "" and t001["origin"] == "opsdoc"
    assert data["summary"] == {
        "critical": 1, "error": 4, "warning": 2, "info": 1, "suppressed": 2, "fail_on": "error",
    }  # fmt: skip
    assert data["timeline"][0]["at"] == "2026-11-23T04:30:00.250000Z"
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# --- sarif --------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(report: Report) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for r in (report, make_report([])):
        jsonschema.validate(json.loads(render(r, Format.SARIF)), schema)


def test_sarif_schema_catches_a_broken_log(report: Report) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(render(report, Format.SARIF))
    data["runs"][0]["results"][0]["level"] = "critical"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_sarif_results_rules_locations_and_suppressions(report: Report) -> None:
    run = json.loads(render(report, Format.SARIF))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "opsdoc" and driver["version"] == "0.1.0"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted({f.code for f in report.findings})
    by_id = {r["id"]: r for r in rules}
    assert (
        by_id["T001"]["shortDescription"]["text"]
        == "Job worker blocks forever waiting for messages"
    )
    assert "opsdoc runbook T001" in by_id["T001"]["help"]["text"]
    results = {r["properties"]["id"]: r for r in run["results"]}
    assert len(results) == len(report.findings)
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["partialFingerprints"]["opsdocFindingId/v1"] == r["properties"]["id"]

    t001 = results["T001:worker/main.py:42"]
    assert t001["level"] == "error"
    phys = t001["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"]["uri"] == "worker/main.py"
    assert phys["region"] == {"startLine": 42}
    assert t001["properties"]["root_cause"] is True
    assert t001["properties"]["confidence"] == 0.9
    assert t001["properties"]["explains"] == ["E001:jobs/ingest", "E002:jobs/ingest"]

    levels = {i: r["level"] for i, r in results.items()}
    assert levels["M004:services/api"] == "warning"
    assert levels["M005:claude-3-sonnet-20240229"] == "note"
    e002 = results["E002:jobs/ingest"]["locations"][0]
    assert "physicalLocation" not in e002
    assert e002["logicalLocations"][0]["name"] == "jobs/ingest"
    q002 = results["Q002:localhost:6379"]["locations"][0]
    assert q002["logicalLocations"][0]["name"] == "localhost:6379"

    assert "suppressions" not in t001
    assert results["A004:worker/jobs.py:88"]["suppressions"] == [
        {"kind": "inSource", "justification": "inline comment: # opsdoc: ignore[A004]"}
    ]
    q001 = results["Q001:projects/demo/subscriptions/ingest-sub"]
    assert q001["suppressions"][0]["kind"] == "external"
    assert run["invocations"][0] == {"executionSuccessful": False, "exitCode": 1}


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("worker/main.py:42", ("worker/main.py", 42)),
        ("Dockerfile:3", ("Dockerfile", 3)),
        ("deploy/job.yaml:1", ("deploy/job.yaml", 1)),
        ("src/pkg/mod.pyx:9", ("src/pkg/mod.pyx", 9)),
        ("/abs/worker/main.py:42", None),
        ("../outside.py:1", None),
        ("localhost:6379", None),
        ("redis.example.com:6379", None),
        ("10.0.0.4:6379", None),
        ("redis://host:6379", None),
        ("jobs/ingest", None),
        ("worker/main.py:0", None),
        ("C:/repo/main.py:4", None),
    ],
)
def test_path_line_only_for_relative_files(subject: str, expected: object) -> None:
    assert path_line(subject) == expected


# --- junit --------------------------------------------------------------------------------


def test_junit_parses_with_consistent_counts(report: Report) -> None:
    root = ET.fromstring(render(report, Format.JUNIT).encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "opsdoc"
    cases = suite.findall("testcase")
    n = {tag: sum(1 for c in cases if c.find(tag) is not None)
         for tag in ("failure", "error", "skipped")}  # fmt: skip
    assert suite.get("tests") == str(len(cases)) == root.get("tests")
    assert suite.get("failures") == str(n["failure"]) == "4"  # T001, E002, E001, M001
    assert suite.get("errors") == str(n["error"]) == "2"  # X001 and the failed redis source
    assert suite.get("skipped") == str(n["skipped"]) == "3"  # 2 suppressed, 1 skipped source
    assert suite.get("timestamp") == "2026-11-23T06:00:00"

    by_key = {(c.get("classname"), c.get("name")): c for c in cases}
    t001 = by_key[("opsdoc.T001", "worker/main.py:42")]
    failure = t001.find("failure")
    assert failure is not None and failure.get("type") == "T001"
    assert failure.get("message", "").startswith("The Cloud Run Job worker waits")
    body = failure.text or ""
    assert "worker/main.py:42: streaming_pull_future.result()" in body
    assert "$ gcloud run jobs update ingest --task-timeout=900s" in body
    assert "+        streaming_pull_future.result(timeout=IDLE_EXIT_S)" in body
    assert "runbook: opsdoc runbook T001" in body

    m004 = by_key[("opsdoc.M004", "services/api")]
    assert [child.tag for child in m004] == ["system-out"]
    assert by_key[("opsdoc.X001", "exports/broken.json")].find("error") is not None
    assert by_key[("opsdoc.A004", "worker/jobs.py:88")].find("skipped") is not None
    code_case = by_key[("opsdoc.sources", "code")]
    assert code_case.find("failure") is None and code_case.find("error") is None
    assert code_case.find("skipped") is None
    assert by_key[("opsdoc.sources", "anthropic")].find("skipped") is not None


def test_junit_threshold_follows_fail_on(report: Report) -> None:
    report.fail_on = Severity.WARNING
    suite = ET.fromstring(render(report, Format.JUNIT)).find("testsuite")
    assert suite is not None and suite.get("failures") == "6"  # + M004 and Q002 warnings


def test_junit_strips_characters_xml_cannot_hold(report: Report) -> None:
    text = render(report, Format.JUNIT)
    assert "\x07" not in text
    ET.fromstring(text)  # would raise on an invalid character


# --- text ---------------------------------------------------------------------------------


def test_text_root_causes_lead_with_symptoms_indented(report: Report) -> None:
    lines = render(report, Format.TEXT).splitlines()
    headers = [line for line in lines if re.match(r"^\s*[✖▲●] [A-Z]+ ", line)]
    assert headers[:4] == [
        "✖ CRITICAL T001 Job worker blocks forever waiting for messages — worker/main.py:42",
        "    ✖ ERROR E002 Executions killed by the task timeout — jobs/ingest",
        "    ✖ ERROR E001 Repeated execution failures — jobs/ingest",
        "✖ ERROR M001 Retired Anthropic model ID — app/config.py:12",
    ]
    assert "    ▲ WARNING M004 Model not found errors in logs — services/api" in headers
    m005 = "● INFO M005 Model ID hard-coded in many places — claude-3-sonnet-20240229"
    assert f"{m005} [opsdoc-extra]" in headers  # a plugin's finding names its distribution
    assert not any("A004" in h for h in headers)  # suppressed: counted, not shown in full


def test_text_finding_details(report: Report) -> None:
    text = render(report, Format.TEXT)
    assert "    worker/main.py:42: streaming_pull_future.result()\n" in text
    assert "  fix: Pull with a timeout and exit when the subscription is empty.\n" in text
    assert "    $ gcloud run jobs update ingest --task-timeout=900s\n" in text
    assert "    $ redis-cli -u redis://:***@redis:6379/0 ping\n" in text
    assert "    +        streaming_pull_future.result(timeout=IDLE_EXIT_S)\n" in text
    assert "  runbook: opsdoc runbook T001\n" in text
    assert "2 suppressed:\n" in text
    assert "  code       ok        57 records  0.12s\n" in text
    assert "  exports    ok       412 records  0.08s\n" in text
    assert "    skipped: exports/notes.txt\n" in text
    assert text.endswith(
        "1 critical, 4 errors, 2 warnings, 1 info, 2 suppressed from 4 sources in 0.4s (exit 1)\n"
    )


def test_text_colour_only_on_request(report: Report) -> None:
    coloured = render(report, Format.TEXT, color=True)
    assert "\x1b[1;31m✖ CRITICAL\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render(report, Format.TEXT)


def test_text_clean_run() -> None:
    text = render(make_report([]), Format.TEXT)
    assert text.startswith("No problems found.\n")


# --- markdown -----------------------------------------------------------------------------


def test_markdown_sections(report: Report) -> None:
    md = render(report, Format.MARKDOWN)
    assert md.startswith("# opsdoc report\n")
    assert "## What the evidence shows" in md
    assert "### Root cause: T001 — Job worker blocks forever waiting for messages" in md
    assert "#### Symptom: E002 — Executions killed by the task timeout" in md
    assert md.index("### Root cause: T001") < md.index("#### Symptom: E002")
    assert md.index("#### Symptom: E002") < md.index("### Root cause: M001")
    assert "```sh\ngcloud run jobs update ingest --task-timeout=900s\n" in md
    assert "```diff\n--- a/worker/main.py\n" in md
    assert "Runbook: `opsdoc runbook T001`" in md
    assert "| code | `worker/main.py:42` | `streaming_pull_future.result()` |" in md
    assert "## Inputs opsdoc could not use" in md
    assert "| ▲ WARNING | A004 | Exceptions swallowed in job code | `worker/jobs.py:88` |" in md
    assert "| exports | ok | 412 | 0.08 |  |" in md


def test_markdown_user_text_cannot_break_layout(report: Report) -> None:
    md = render(report, Format.MARKDOWN)
    # A quote holding `|` and backticks stays one cell and one code span.
    assert "| exports | `logs.json#7` | `` Error code: 404 \\| `not_found_error` `` |" in md
    assert "model: &lt;unknown&gt;" in md  # no raw HTML from check text
    table_rows = [line for line in md.splitlines() if line.startswith("| ")]
    widths = {line.count(" | ") - line.count("\\|") for line in table_rows if "Quote" in line}
    assert widths == {2}


def test_markdown_code_spans_and_fences() -> None:
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert fence("```\nx", "diff") == ["````diff", "```", "x", "````"]


# --- grouping -----------------------------------------------------------------------------


def test_symptom_shared_by_two_causes_is_shown_once() -> None:
    fs = [
        *findings()[:3],
        Finding(
            code="S002",
            title="Reference worker did not exit after draining",
            severity=Severity.ERROR,
            subject="smoke/ingest",
            summary="The canary was processed but the worker kept running.",
            root_cause=True,
            explains=("E002:jobs/ingest",),
        ),
    ]
    report = make_report(fs)
    text = render(report, Format.TEXT)
    assert text.count("E002 Executions killed by the task timeout") == 1
    assert "  also explains E002:jobs/ingest (shown above)\n" in text
    md = render(report, Format.MARKDOWN)
    assert md.count("### Symptom: E002") == 1
    assert "Also explains `E002:jobs/ingest` (see above)." in md
    data = json.loads(render(report, Format.JSON))
    assert [f["id"] for f in data["findings"] if f["explains"] == ["E002:jobs/ingest"]] == [
        "S002:smoke/ingest"
    ]
