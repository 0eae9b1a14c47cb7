"""The shared diagnosis pipeline: suppressions, overrides, test-code demotion."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from opsdoc.commands.diagnose import (
    Options,
    apply_suppressions,
    demote_test_code,
    diagnose,
    merge_repeated_x001,
)
from opsdoc.config import Config
from opsdoc.evidence import CodeSite, Evidence, Ref
from opsdoc.findings import Finding, Severity

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def finding(code: str, subject: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(
        code=code,
        title=code,
        severity=severity,
        subject=subject,
        summary="s",
        root_cause=True,
        explains=("E002:*",),
    )


def test_findings_in_test_code_are_demoted_to_info() -> None:
    out = demote_test_code(
        [
            finding("A002", "tests/test_worker.py:12"),
            finding("A002", "pkg/conftest.py:3"),
            finding("A002", "app/worker_test.py:9"),
            finding("A002", "app/worker.py:40"),
            finding("E002", "jobs/tests"),
        ]
    )
    assert [f.severity for f in out] == [Severity.INFO] * 3 + [Severity.ERROR, Severity.ERROR]
    assert not out[0].root_cause and out[0].explains == ()
    assert out[0].summary.endswith("(in test code)")


def test_inline_and_per_file_suppressions_mark_but_keep_findings() -> None:
    ev = Evidence(as_of=AS_OF)
    ev.add([CodeSite(Ref("code", "w.py:5"), "suppression", "w.py", 5, attrs=(("codes", "T001"),))])
    config = Config(per_file_ignores={"scripts/*": ["A"]}, source="opsdoc.toml")
    out = apply_suppressions(
        [
            finding("T001", "w.py:5"),
            finding("T002", "w.py:5"),
            finding("A001", "scripts/x.py:1"),
            finding("A001", "app/x.py:1"),
        ],
        ev,
        config,
    )
    assert [bool(f.suppressed) for f in out] == [True, False, True, False]
    assert "inline comment" in out[0].suppressed and "per-file-ignores" in out[2].suppressed


def test_inline_suppression_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "worker.py").write_text(
        "from google.cloud import pubsub_v1\n"
        "sub = pubsub_v1.SubscriberClient()\n"
        "future = sub.subscribe('projects/p/subscriptions/s', callback=print)\n"
        "future.result()  # opsdoc: ignore[T001]\n"
    )
    (tmp_path / "deploy.sh").write_text(
        "gcloud run jobs deploy ingest --image IMAGE --region us-central1\n"
    )
    report = diagnose(Options(root=tmp_path, as_of=AS_OF, config=Config()))
    [t001] = [f for f in report.findings if f.code == "T001"]
    assert t001.suppressed and report.exit_code == 0
    (tmp_path / "worker.py").write_text(
        (tmp_path / "worker.py").read_text().replace("  # opsdoc: ignore[T001]", "")
    )
    report = diagnose(Options(root=tmp_path, as_of=AS_OF, config=Config()))
    assert [f.code for f in report.findings if not f.suppressed][:1] == ["T001"]
    assert report.exit_code == 1


def test_retired_model_in_a_live_api_test_stays_a_warning() -> None:
    """A retired ID in a test that sends real requests breaks the test run (browser-use's
    CI, June 2026); in a test that replays cassettes it is info like any test finding."""
    root = Path(__file__).parent / "fixtures" / "models" / "M001_live_test"
    report = diagnose(Options(root=root, as_of=AS_OF, config=Config(), offline=True))
    m001 = {f.subject: f for f in report.findings if f.code == "M001"}
    live = m001["tests/ci/models/test_llm_anthropic.py:12"]
    assert live.severity == Severity.WARNING
    assert live.summary.endswith("(in a test that calls the live API: the test run fails)")
    replayed = m001["tests/models/test_anthropic_replayed.py:13"]
    assert replayed.severity == Severity.INFO
    # application code kept under tests/ (an incident case) reads the key but defines no
    # test: it is not a test run that fails, so it is info like any code under tests/
    app = m001["tests/cases/digest/settings.py:5"]
    assert app.severity == Severity.INFO
    # a test that sets a stand-in key (crewAI's multimodal tests) sends no real request
    faked = m001["tests/llms/test_multimodal.py:19"]
    assert faked.severity == Severity.INFO
    # a settings-API test that removes the key and holds session data (gptme's server tests)
    removed = m001["tests/server/test_settings_api.py:8"]
    assert removed.severity == Severity.INFO


def test_another_linters_noqa_is_never_an_unused_opsdoc_suppression() -> None:
    """browser-use's tunnel code marks ``open(path, "w")  # noqa: ASYNC230`` for ruff; opsdoc
    has nothing at warning there, and must not call the comment an unused
    ``# opsdoc: ignore[A001]``. Its own comment on a line with no finding still warns."""
    ev = Evidence(as_of=AS_OF)
    ev.add(
        [
            CodeSite(
                Ref("code", "tunnel.py:219"),
                "suppression",
                "tunnel.py",
                219,
                attrs=(("codes", "A001"), ("foreign", "true")),
            ),
            CodeSite(Ref("code", "w.py:5"), "suppression", "w.py", 5, attrs=(("codes", "A001"),)),
        ]
    )
    warnings: list[str] = []
    apply_suppressions([], ev, Config(), warnings, known=["A001"], ran=["A001"])
    assert warnings == [
        "w.py:5: unused suppression `# opsdoc: ignore[A001]`: no finding on this line to suppress"
    ]


def test_one_reason_merges_x001s_of_one_severity_only() -> None:
    """An input asked for (error, exit 3) and files the walk found (warning) stay apart."""
    from opsdoc.engine import x001

    reason = "Python syntax error at line 4: invalid syntax"
    findings = [
        x001("main.py", f"main.py: {reason}", reason, "code"),
        x001("a.py", f"a.py: {reason}", reason, "code", Severity.WARNING),
        x001("b.py", f"b.py: {reason}", reason, "code", Severity.WARNING),
    ]
    merged = merge_repeated_x001(findings)
    assert [(f.severity, f.subject) for f in merged] == [
        (Severity.ERROR, "main.py"),
        (Severity.WARNING, "a.py, b.py"),
    ]
