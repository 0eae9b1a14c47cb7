"""Ranking, de-duplication and links: root causes first, then what they explain."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from opsdoc.evidence import Evidence, Execution, JobConfig, LogRecord, Ref
from opsdoc.findings import EvidenceItem, Finding, Severity
from opsdoc.report import Observations, Report, dedupe, rank, resolve_links, timeline

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def f(
    code, subject, severity=Severity.ERROR, root=False, explains=(), confidence=0.8, suppressed=""
):
    return Finding(
        code=code,
        title=code,
        severity=severity,
        subject=subject,
        summary=code,
        root_cause=root,
        explains=tuple(explains),
        confidence=confidence,
        suppressed=suppressed,
    )


def ids(findings):
    return [x.id for x in findings]


def test_root_cause_comes_before_a_worse_symptom_and_pulls_its_symptoms_along() -> None:
    findings = [
        f("E001", "jobs/a/NonZeroExitCode", Severity.ERROR),
        f("E002", "jobs/a", Severity.CRITICAL),
        f("T001", "app/w.py:12", Severity.ERROR, root=True, explains=["E002:*"]),
        f("X001", "exports/bad.json", Severity.ERROR),
        f("M005", "app/x.py:3", Severity.WARNING),
    ]
    ranked = rank(resolve_links(findings))
    assert ids(ranked) == [
        "T001:app/w.py:12",
        "E002:jobs/a",
        "E001:jobs/a/NonZeroExitCode",
        "M005:app/x.py:3",
        "X001:exports/bad.json",
    ]
    assert ranked[0].explains == ("E002:jobs/a",)


def test_patterns_resolve_to_present_ids_only_and_never_to_self() -> None:
    findings = [
        f("T002", "api.py:9", root=True, explains=["E005:services/api*", "T002:*"]),
        f("E005", "services/api"),
        f("E005", "services/other"),
    ]
    resolved = {x.id: x for x in resolve_links(findings)}
    assert resolved["T002:api.py:9"].explains == ("E005:services/api",)


def test_severity_then_confidence_orders_independent_findings() -> None:
    ranked = rank(
        [
            f("A001", "a", Severity.WARNING),
            f("A002", "b", Severity.ERROR, confidence=0.5),
            f("A003", "c", Severity.ERROR, confidence=0.9),
        ]
    )
    assert ids(ranked) == ["A003:c", "A002:b", "A001:a"]


def test_suppressed_findings_go_last_and_do_not_fail_the_run() -> None:
    ranked = rank(
        [
            f("T001", "w.py:1", Severity.CRITICAL, suppressed="inline"),
            f("M005", "x.py:2", Severity.WARNING),
        ]
    )
    assert ids(ranked) == ["M005:x.py:2", "T001:w.py:1"]
    report = Report(as_of=AS_OF, findings=ranked, sources=[])
    assert report.exit_code == 0


def test_exit_codes() -> None:
    assert Report(AS_OF, [f("T001", "a", Severity.CRITICAL)], []).exit_code == 1
    assert Report(AS_OF, [f("M005", "a", Severity.WARNING)], []).exit_code == 0
    assert (
        Report(AS_OF, [f("M005", "a", Severity.WARNING)], [], fail_on=Severity.WARNING).exit_code
        == 1
    )
    assert Report(AS_OF, [f("X001", "a")], []).exit_code == 3
    assert Report(AS_OF, [f("X001", "a"), f("T001", "b")], []).exit_code == 1
    assert Report(AS_OF, [], []).exit_code == 0


def test_duplicates_merge_their_evidence_and_keep_the_worse_severity() -> None:
    a = Finding(
        "E002", "t", Severity.ERROR, "jobs/a", "s", evidence=(EvidenceItem("x", "r1", "q1"),)
    )
    b = Finding(
        "E002", "t", Severity.CRITICAL, "jobs/a", "s", evidence=(EvidenceItem("x", "r2", "q2"),)
    )
    [merged] = dedupe([a, b])
    assert merged.severity is Severity.CRITICAL
    assert [e.ref for e in merged.evidence] == ["r1", "r2"]


def test_timeline_merges_sources_in_time_order() -> None:
    ev = Evidence(as_of=AS_OF)
    t = lambda h, m: datetime(2025, 11, 4, h, m, tzinfo=UTC)  # noqa: E731
    ev.add(
        [
            Execution(
                Ref("exports", "ex.json#0"),
                "job-x1",
                "job",
                t(3, 54),
                t(5, 29),
                "failed",
                timed_out=True,
            ),
            LogRecord(Ref("exports", "logs.json#4"), t(4, 0), "ERROR", "boom"),
            LogRecord(Ref("exports", "logs.json#5"), t(4, 1), "INFO", "fine"),
        ]
    )
    events = timeline(ev)
    assert [(e.kind, e.text) for e in events] == [
        ("execution-start", "execution job-x1 started"),
        ("log", "boom"),
        ("execution-end", "execution job-x1 timed out"),
    ]


# --- the two report parts: what the evidence shows, risks in the code ----------------------


def quoted(finding: Finding, *refs: tuple[str, str]) -> Finding:
    items = tuple(EvidenceItem(source, ref, "...") for source, ref in refs)
    return Finding(**{**_fields(finding), "evidence": items})


def _fields(finding: Finding) -> dict:
    return {name: getattr(finding, name) for name in Finding.__dataclass_fields__}


def observations() -> Observations:
    ev = Evidence(as_of=AS_OF)
    ev.add(
        [
            LogRecord(Ref("exports", "ex/logs.json#0"), AS_OF, "INFO", "GET /healthz 200"),
            LogRecord(Ref("exports", "ex/worker.log:7"), AS_OF, "INFO", "still alive"),
            JobConfig(Ref("exports", "ex/job.yaml"), "ingest", 600.0),
        ]
    )
    return Observations.of(ev)


def test_a_root_the_evidence_corroborates_outranks_a_worse_code_only_hypothesis() -> None:
    # A critical code-only finding and an error whose symptom was observed: the
    # observed incident leads, the hypothesis goes to the risks part.
    findings = [
        quoted(
            f("A001", "app/status.py:9", Severity.CRITICAL, root=True), ("code", "app/status.py:9")
        ),
        quoted(
            f("A003", "app/watch.py:40", Severity.ERROR, root=True, explains=["H001:*"]),
            ("code", "app/watch.py:40"),
        ),
        quoted(f("H001", "workers/w1", Severity.ERROR), ("exports", "ex/worker.log:7")),
    ]
    ranked = rank(resolve_links(findings), observations())
    assert ids(ranked) == ["A003:app/watch.py:40", "H001:workers/w1", "A001:app/status.py:9"]
    assert [x.part for x in ranked] == ["incident", "incident", "risk"]


def test_own_observed_evidence_makes_a_root_corroborated() -> None:
    findings = [
        quoted(f("T005", "api.py:3", Severity.CRITICAL, root=True), ("code", "api.py:3")),
        quoted(
            f("T002", "api.py:20", Severity.WARNING, root=True),
            ("code", "api.py:20"),
            ("exports", "ex/logs.json#0"),
        ),
    ]
    ranked = rank(resolve_links(findings), observations())
    assert ids(ranked) == ["T002:api.py:20", "T005:api.py:3"]
    assert [x.part for x in ranked] == ["incident", "risk"]


def test_configuration_alone_is_not_an_observation() -> None:
    # job.yaml holds configuration: quoting it does not make a finding part of the incident.
    finding = quoted(
        f("T001", "w.py:5", Severity.CRITICAL, root=True),
        ("code", "w.py:5"),
        ("exports", "ex/job.yaml"),
    )
    assert rank([finding], observations())[0].part == "risk"


def test_a_pattern_never_links_a_root_cause_as_a_symptom() -> None:
    findings = [
        f("A001", "app/a.py:3", root=True, explains=["T002:*"]),
        f("T002", "app/slow.py:9", root=True),
        f("T002", "services/api/GET /healthz", root=False),
    ]
    resolved = {x.id: x for x in resolve_links(findings)}
    assert resolved["A001:app/a.py:3"].explains == ("T002:services/api/GET /healthz",)


def test_an_observed_error_nothing_explains_outranks_a_warning_root_that_explains_nothing() -> None:
    """A backlog at error that no cause accounts for (Q002) and a warning-level cause
    observed on its own (T003, redeliveries) that explains no part of it: the backlog is
    the incident's headline, the cause a second finding."""
    findings = [
        quoted(
            f("T003", "subscriptions/s", Severity.WARNING, root=True),
            ("exports", "ex/sub.yaml"),
            ("exports", "ex/worker.log:7"),
        ),
        quoted(f("Q002", "queues/s", Severity.ERROR), ("exports", "ex/logs.json#0")),
    ]
    ranked = rank(resolve_links(findings), observations())
    assert ids(ranked) == ["Q002:queues/s", "T003:subscriptions/s"]
    # the same cause at error comes first again (a root breaks the tie)
    findings[0] = replace(findings[0], severity=Severity.ERROR)
    assert ids(rank(resolve_links(findings), observations()))[0] == "T003:subscriptions/s"
