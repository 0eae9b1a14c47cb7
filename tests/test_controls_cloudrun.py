"""Controls for T005 and L001: one guard per test, a fixture on each side of it.

Evidence is built in-process, so each test holds exactly the records its guard
reads and nothing else can decide the outcome (no count guard masking the guard
under test). Where a finding is produced, the whole finding is compared: its
text, evidence, fix, confidence and severity are what users read.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from opsdoc.checks import cloudrun
from opsdoc.evidence import CodeSite, Evidence, LogRecord, LogSummary, Record, Ref, ServiceConfig
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)
SERVICE = "cloud_run_revision"


def run(check: object, *records: Record) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.add(records)
    return list(check.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def site(
    fact: str, path: str, line: int, snippet: str, function: str = "", **attrs: str
) -> CodeSite:
    return CodeSite(
        ref=Ref("code", f"{path}:{line}"),
        kind=fact,
        path=path,
        line=line,
        snippet=snippet,
        function=function,
        attrs=tuple(sorted(attrs.items())),
    )


def summary(
    service: str,
    stream: str,
    entries: int,
    *,
    resource_type: str = SERVICE,
    execution: str = "",
    where: str = "logs.json",
) -> LogSummary:
    return LogSummary(
        ref=Ref("exports", where),
        resource_type=resource_type,
        resource=service,
        stream=stream,
        entries=entries,
        errors=0,
        warnings=0,
        first=None,
        last=None,
        execution=execution,
    )


def line(service: str, index: int, message: str, stream: str = "stdout") -> LogRecord:
    return LogRecord(
        ref=Ref("exports", f"logs.json#{index}"),
        timestamp=AS_OF,
        severity="DEFAULT",
        message=message,
        stream=stream,
        resource_type=SERVICE,
        service=service,
    )


def service_config(
    name: str, throttled: bool = True, min_scale: int | None = None
) -> ServiceConfig:
    return ServiceConfig(
        ref=Ref("exports", f"{name}.yaml"),
        name=name,
        request_timeout_s=300.0,
        cpu_throttling=throttled,
        min_scale=min_scale,
    )


# -- T005 ---------------------------------------------------------------------------------------

THREAD = site(
    "background-work",
    "app/views.py",
    16,
    "threading.Thread(target=render).start()",
    "start_render",
    after_response="true",
    handler="start_render",
    mechanism="thread",
)
T005_FIX = Fix(
    text="Move the work to a queue consumed by a worker (RQ, Pub/Sub, Cloud Tasks) or "
    "a Cloud Run Job. If it must stay in the service, allocate CPU outside requests "
    "and keep an instance up, and handle SIGTERM.",
    commands=(
        "gcloud run services describe SERVICE --region REGION --format=yaml",
        "gcloud run services update SERVICE --region REGION --no-cpu-throttling --min-instances=1",
    ),
)


def t005(evidence: tuple[EvidenceItem, ...], known: bool, what: str = "a background thread") -> Hit:
    return Hit(
        subject="app/views.py:16",
        summary=f"handler start_render starts {what} that keeps running after the response, "
        "on a Cloud Run service whose CPU is "
        + ("throttled outside requests" if known else "likely throttled outside requests")
        + ": the work is starved of CPU and can be killed with the idle instance",
        evidence=(
            EvidenceItem("code", "app/views.py:16", "threading.Thread(target=render).start()"),
            *evidence,
        ),
        fix=T005_FIX,
        confidence=0.85 if known else 0.6,
        severity=Severity.ERROR if known else Severity.WARNING,
        explains=("E005:services/*/shutdown", "E005:services/*/tasks-destroyed"),
    )


def throttled_item(name: str, min_scale: int = 0) -> EvidenceItem:
    return EvidenceItem(
        "exports",
        f"{name}.yaml",
        f"service {name}: CPU throttled outside requests (no cpu-throttling: false), "
        f"min instances {min_scale}",
    )


def test_t005_only_work_that_outlives_the_response() -> None:
    # hit: after_response true; control: the same site whose work is waited for
    assert run(cloudrun.work_after_response, THREAD, service_config("render")) == [
        t005((throttled_item("render"),), known=True)
    ]
    waited = replace(
        THREAD, attrs=tuple(sorted({**dict(THREAD.attrs), "after_response": "false"}.items()))
    )
    assert run(cloudrun.work_after_response, waited, service_config("render")) == []


def test_t005_mechanism_words_and_unknown_mechanisms() -> None:
    task = replace(
        THREAD,
        attrs=(
            ("after_response", "true"),
            ("handler", "start_render"),
            ("mechanism", "create_task"),
        ),
    )
    other = replace(
        THREAD,
        attrs=(("after_response", "true"), ("handler", "start_render"), ("mechanism", "celery")),
    )
    assert run(cloudrun.work_after_response, task, service_config("render")) == [
        t005((throttled_item("render"),), known=True, what="an asyncio task")
    ]
    assert run(cloudrun.work_after_response, other, service_config("render")) == [
        t005((throttled_item("render"),), known=True, what="background work")
    ]


def test_t005_service_configs_all_unthrottled_yield_nothing() -> None:
    assert (
        run(cloudrun.work_after_response, THREAD, service_config("render", throttled=False)) == []
    )


def test_t005_some_services_throttled_is_only_likely_and_quotes_two() -> None:
    # near miss of "known": one of four services runs with CPU always allocated
    records = [
        service_config("a", min_scale=2),
        service_config("b"),
        service_config("c"),
        service_config("d", throttled=False),
    ]
    assert run(cloudrun.work_after_response, THREAD, *records) == [
        t005((throttled_item("a", 2), throttled_item("b")), known=False)
    ]
    # control: every service throttled, so it is known
    assert [h.severity for h in run(cloudrun.work_after_response, THREAD, *records[:3])] == [
        Severity.ERROR
    ]


def context(line_no: int, **attrs: str) -> CodeSite:
    return site("service-context", "deploy.sh", line_no, f"gcloud run deploy api{line_no}", **attrs)


def context_item(line_no: int, value: str) -> EvidenceItem:
    return EvidenceItem(
        "code", f"deploy.sh:{line_no}", f"gcloud run deploy api{line_no} (cpu throttling: {value})"
    )


def test_t005_deploy_scripts_decide_throttling() -> None:
    # explicitly throttled everywhere: known
    on = [
        context(1, cpu_throttling="true"),
        context(2, cpu_throttling="true"),
        context(3, cpu_throttling="true"),
    ]
    assert run(cloudrun.work_after_response, THREAD, *on) == [
        t005((context_item(1, "true"), context_item(2, "true")), known=True)
    ]
    # the flag left out: the default, likely throttled
    assert run(cloudrun.work_after_response, THREAD, context(1)) == [
        t005((context_item(1, "default, on"),), known=False)
    ]
    # one script turns throttling off, one leaves the default: still likely
    mixed = [context(1, cpu_throttling="false"), context(2)]
    assert [h.confidence for h in run(cloudrun.work_after_response, THREAD, *mixed)] == [0.6]
    # every script turns it off: nothing
    off = [context(1, cpu_throttling="false"), context(2, cpu_throttling="false")]
    assert run(cloudrun.work_after_response, THREAD, *off) == []


def test_t005_cloud_run_seen_only_in_logs() -> None:
    seen = summary("render", "requests", 3)
    assert run(cloudrun.work_after_response, THREAD, seen) == [
        t005(
            (EvidenceItem("exports", "logs.json", "Cloud Run service render: 3 requests entries"),),
            known=False,
        )
    ]
    record = line("render", 7, "GET /")
    assert run(cloudrun.work_after_response, THREAD, record) == [
        t005((EvidenceItem("exports", "logs.json#7", "Cloud Run service render log"),), known=False)
    ]
    # control: logs from elsewhere (a job, a VM) are no sign of a Cloud Run service
    job = summary("render", "stdout", 3, resource_type="cloud_run_job")
    vm = replace(record, resource_type="gce_instance")
    assert run(cloudrun.work_after_response, THREAD, job, vm) == []
    # a service record after a job summary is still found
    assert len(run(cloudrun.work_after_response, THREAD, job, record)) == 1


# -- L001: code facts ---------------------------------------------------------------------------

UNCONFIGURED = site(
    "logging-config",
    "orders/main.py",
    13,
    'logger.info("creating order")',
    kind="unconfigured",
    handler="lastResort (WARNING and above only)",
)
FILE_HANDLER = site(
    "logging-config",
    "app/log.py",
    10,
    'addHandler(FileHandler("a.log"))',
    "setup",
    kind="file-handler",
    handler="FileHandler",
)
DEPLOY = site("service-context", "deploy.sh", 1, "gcloud run deploy orders")


def l001_fix(service: str) -> Fix:
    return Fix(
        text="Log to stdout/stderr: `logging.basicConfig(level=logging.INFO, stream=sys.stdout)` "
        "at start-up (before the server configures its own loggers), or attach the Cloud "
        "Logging handler with `google.cloud.logging.Client().setup_logging()`, or print one JSON "
        "object per line with `severity` and `message` fields (structured logging). Remove file "
        "handlers; keep `disable_existing_loggers: False` in dict configs.",
        commands=(
            'gcloud logging read \'resource.type="cloud_run_revision" AND '
            f'resource.labels.service_name="{service}" AND log_id("run.googleapis.com/stdout")\''
            " --limit 20 --format=json",
        ),
    )


def code_hit(fact: CodeSite, words: str, severity: Severity, seen: str = "") -> Hit:
    text = (
        f"{fact.function or fact.path} {words} ({fact.attr('handler')}): "
        "on Cloud Run these lines never reach Cloud Logging"
    )
    return Hit(
        subject=fact.where,
        summary=text
        + (f" ({seen} application line(s), so some output does arrive)" if seen else ""),
        evidence=(EvidenceItem("code", fact.where, fact.snippet),),
        fix=l001_fix("SERVICE"),
        confidence=0.6,
        severity=severity,
    )


def test_l001_code_only_names_the_function_or_else_the_file() -> None:
    assert run(cloudrun.app_logs_missing, FILE_HANDLER, DEPLOY) == [
        code_hit(FILE_HANDLER, "writes logs to a file inside the container", Severity.WARNING)
    ]
    assert run(cloudrun.app_logs_missing, UNCONFIGURED, DEPLOY)[0].summary.startswith(
        "orders/main.py logs at INFO but never configures logging"
    )


def test_l001_code_only_needs_cloud_run_and_a_service_config_is_enough() -> None:
    assert len(run(cloudrun.app_logs_missing, FILE_HANDLER, service_config("orders"))) == 1
    assert len(run(cloudrun.app_logs_missing, FILE_HANDLER, line("orders", 1, "GET /"))) == 1
    # control: the same code with no sign of Cloud Run
    assert run(cloudrun.app_logs_missing, FILE_HANDLER) == []


def test_l001_code_only_skips_a_file_handler_only_a_caller_turns_on() -> None:
    opt_in = site(
        "logging-config",
        "client/configuration.py",
        273,
        "self.handler = logging.FileHandler(self.__logger_file)",
        "Configuration.logger_file",
        kind="file-handler",
        handler="FileHandler",
        opt_in="true",
    )
    assert run(cloudrun.app_logs_missing, opt_in, DEPLOY) == []
    assert len(run(cloudrun.app_logs_missing, opt_in, FILE_HANDLER, DEPLOY)) == 1


def test_l001_a_file_handler_beside_a_console_handler_is_fine() -> None:
    for kind in ("stream-handler", "cloud-logging"):
        console = site("logging-config", "app/log.py", 5, "setup", kind=kind, handler="x")
        assert run(cloudrun.app_logs_missing, FILE_HANDLER, console, DEPLOY) == [], kind
    # near miss: a console handler does not excuse a disabled logging
    disabled = site(
        "logging-config",
        "app/log.py",
        12,
        "logging.disable(logging.INFO)",
        kind="disabled",
        handler="logging.disable",
    )
    console = site("logging-config", "app/log.py", 5, "setup", kind="stream-handler", handler="x")
    assert [h.subject for h in run(cloudrun.app_logs_missing, disabled, console, DEPLOY)] == [
        "app/log.py:12"
    ]
    # facts that are not misconfigurations yield nothing
    assert run(cloudrun.app_logs_missing, console, DEPLOY) == []


# -- L001: the export ---------------------------------------------------------------------------


def export_hit(
    service: str,
    requests: int,
    what: str,
    problems: tuple[CodeSite, ...] = (),
    where: str = "logs.json",
) -> Hit:
    words = {
        "unconfigured": "logs at INFO but never configures logging (only WARNING and above reach "
        "stderr through logging.lastResort)",
        "file-handler": "writes logs to a file inside the container",
    }
    cause = f": the code {words[problems[0].attr('kind')]}" if problems else ""
    return Hit(
        subject=f"services/{service}",
        summary=f"Cloud Logging has {requests} request log entries for {service} but {what}; "
        f"the application's own logs never arrive{cause}",
        evidence=(
            EvidenceItem(
                "exports", where, f"service {service}: {requests} request log entries, {what}"
            ),
            *(EvidenceItem("code", p.where, p.snippet) for p in problems[:3]),
        ),
        fix=l001_fix(service),
        confidence=0.85 if problems else 0.55,
        severity=Severity.ERROR if problems else Severity.WARNING,
    )


def test_l001_no_console_entries_at_all() -> None:
    assert run(cloudrun.app_logs_missing, summary("billing", "requests", 12)) == [
        export_hit("billing", 12, "no stdout/stderr entries at all")
    ]
    # one console entry, a server line: said differently (with a code fact, as without
    # one any console output leaves the export undecided)
    hits = run(
        cloudrun.app_logs_missing,
        summary("billing", "requests", 12),
        summary("billing", "stderr", 1),
        line("billing", 1, "INFO:     Application startup complete.", "stderr"),
        UNCONFIGURED,
    )
    assert hits == [
        export_hit(
            "billing",
            12,
            "1 stdout/stderr entries, all server start-up or access lines",
            (UNCONFIGURED,),
        )
    ]


def test_l001_evidence_quotes_at_most_three_code_facts_and_the_first_summary() -> None:
    facts = tuple(
        replace(UNCONFIGURED, line=n, ref=Ref("code", f"orders/main.py:{n}"))
        for n in (13, 20, 30, 40)
    )
    hits = run(
        cloudrun.app_logs_missing,
        summary("orders", "requests", 40, where="first.json"),
        summary("orders", "requests", 2, where="second.json"),
        *facts,
    )
    assert hits == [
        export_hit("orders", 42, "no stdout/stderr entries at all", facts, "first.json")
    ]


def test_l001_counts_add_up_across_summaries_of_one_stream() -> None:
    # 40 requests, 30 + 30 unkept stdout entries: 20 cannot be access lines
    parts = [
        summary("orders", "requests", 40),
        summary("orders", "stdout", 30),
        summary("orders", "stdout", 30),
    ]
    assert [h.severity for h in run(cloudrun.app_logs_missing, *parts, UNCONFIGURED)] == [
        Severity.INFO
    ]
    # control: one stdout summary of 30, all of which can be access lines
    assert [h.severity for h in run(cloudrun.app_logs_missing, *parts[:2], UNCONFIGURED)] == [
        Severity.ERROR
    ]


def test_l001_only_cloud_run_service_summaries_without_an_execution_count() -> None:
    requests = summary("orders", "requests", 40)
    expected = [export_hit("orders", 40, "no stdout/stderr entries at all")]
    job = summary("orders", "stdout", 500, resource_type="cloud_run_job")
    in_execution = summary("orders", "stdout", 500, execution="orders-abc")
    assert run(cloudrun.app_logs_missing, requests, job) == expected
    assert run(cloudrun.app_logs_missing, requests, in_execution) == expected
    # control: the same stdout entries from the service itself
    assert run(cloudrun.app_logs_missing, requests, summary("orders", "stdout", 500)) == []


def test_l001_a_service_without_requests_is_skipped_and_the_next_still_checked() -> None:
    records = [
        summary("alpha", "stdout", 5),  # no request logs: nothing to compare with
        summary("beta", "requests", 12),
    ]
    assert run(cloudrun.app_logs_missing, *records) == [
        export_hit("beta", 12, "no stdout/stderr entries at all")
    ]


def test_l001_a_service_with_logs_does_not_stop_the_next() -> None:
    records = [
        summary("alpha", "requests", 10),
        summary("alpha", "stdout", 50),  # 40 more entries than requests: logs arrive
        summary("beta", "requests", 12),
    ]
    assert run(cloudrun.app_logs_missing, *records) == [
        export_hit("beta", 12, "no stdout/stderr entries at all")
    ]


def test_l001_kept_lines_of_another_service_do_not_count() -> None:
    records = [
        summary("orders", "requests", 40),
        summary("orders", "stdout", 40),
        line("billing", 1, "invoice 7 sent"),
        line("billing", 2, "invoice 8 sent"),
        line("billing", 3, "invoice 9 sent"),
    ]
    assert run(cloudrun.app_logs_missing, *records, UNCONFIGURED) == [
        export_hit(
            "orders",
            40,
            "40 stdout/stderr entries, all server start-up or access lines",
            (UNCONFIGURED,),
        )
    ]
    # control: the same lines from orders itself are application lines
    own = [replace(r, service="orders") if isinstance(r, LogRecord) else r for r in records]
    assert [h.severity for h in run(cloudrun.app_logs_missing, *own, UNCONFIGURED)] == [
        Severity.INFO
    ]


def test_l001_kept_lines_on_stderr_count_as_console() -> None:
    # 3 stderr entries, all kept, all application lines: logs arrive (at info, the code
    # fact is still said). Counted as unkept entries instead, they would fit in the
    # 40 access lines and the logs would look missing.
    records = [
        summary("orders", "requests", 40),
        summary("orders", "stderr", 3),
        *(line("orders", n, f"order {n} created", "stderr") for n in range(3)),
    ]
    hits = run(cloudrun.app_logs_missing, *records, UNCONFIGURED)
    assert hits == [
        code_hit(
            UNCONFIGURED,
            "logs at INFO but never configures logging (only WARNING and above reach stderr "
            "through logging.lastResort)",
            Severity.INFO,
            seen="orders logs 3",
        )
    ]
    # control: the same on stdout
    on_stdout = [
        summary("orders", "requests", 40),
        summary("orders", "stdout", 3),
        *(line("orders", n, f"order {n} created", "stdout") for n in range(3)),
    ]
    assert [h.severity for h in run(cloudrun.app_logs_missing, *on_stdout, UNCONFIGURED)] == [
        Severity.INFO
    ]


def test_l001_a_service_without_request_logs_is_not_judged() -> None:
    # beta's logs arrive; alpha has console entries, or a stream of no interest, but no
    # request log entries at all
    beta = [summary("beta", "requests", 10), summary("beta", "stdout", 50)]
    for alpha in (
        summary("alpha", "stdout", 1),
        summary("alpha", "stdout", 0),
        summary("alpha", "varlog/system", 7),
    ):
        assert run(cloudrun.app_logs_missing, alpha, *beta, UNCONFIGURED) == [], alpha
    # near miss: a single request entry is enough to judge
    assert run(cloudrun.app_logs_missing, summary("alpha", "requests", 1), UNCONFIGURED) == [
        export_hit("alpha", 1, "no stdout/stderr entries at all", (UNCONFIGURED,))
    ]


def sampled(service: str, stream: str, entries: int, seen: int, server: int) -> LogSummary:
    return replace(summary(service, stream, entries), sampled=seen, server_sampled=server)


def test_l001_the_sample_scales_to_every_console_entry() -> None:
    # 100 entries, half of a 50-line sample application lines: 50 application lines
    records = [summary("orders", "requests", 10_000), sampled("orders", "stderr", 100, 50, 25)]
    assert run(cloudrun.app_logs_missing, *records, UNCONFIGURED) == [
        export_hit(
            "orders",
            10_000,
            "100 stdout/stderr entries, all but 50 of them server start-up or access lines",
            (UNCONFIGURED,),
        )
    ]


def test_l001_a_sample_count_on_the_request_stream_is_not_a_console_sample() -> None:
    records = [
        replace(summary("orders", "requests", 40), sampled=40, server_sampled=0),
        summary("orders", "stdout", 40),
    ]
    assert run(cloudrun.app_logs_missing, *records, UNCONFIGURED) == [
        export_hit(
            "orders",
            40,
            "40 stdout/stderr entries, all server start-up or access lines",
            (UNCONFIGURED,),
        )
    ]


def test_l001_few_application_lines_threshold_is_inclusive_and_per_request() -> None:
    def hits(requests: int, console: int) -> list[Severity | None]:
        records = [summary("orders", "requests", requests), summary("orders", "stdout", console)]
        return [h.severity for h in run(cloudrun.app_logs_missing, *records, UNCONFIGURED)]

    # 100 requests: up to max(2, 2 % of 100) = 2 application lines are "few"
    assert hits(100, 102) == [Severity.ERROR]  # exactly at the threshold
    assert hits(100, 103) == [Severity.INFO]  # one over
    # 500 requests: 2 % is 10 lines
    assert hits(500, 510) == [Severity.ERROR]
    assert hits(500, 511) == [Severity.INFO]


def test_l001_info_only_while_application_lines_are_fewer_than_requests() -> None:
    def hits(console: int) -> list[Hit]:
        records = [summary("orders", "requests", 40), summary("orders", "stdout", console)]
        return run(cloudrun.app_logs_missing, *records, UNCONFIGURED)

    assert [h.severity for h in hits(79)] == [Severity.INFO]  # 39 application lines
    assert hits(80) == []  # 40 application lines for 40 requests: logging works
    # without a code fact the export alone says nothing when lines arrive
    assert (
        run(
            cloudrun.app_logs_missing,
            summary("orders", "requests", 40),
            summary("orders", "stdout", 79),
        )
        == []
    )


def test_l001_console_counts_without_request_logs_leave_it_to_the_code() -> None:
    # no request log summary: the code facts decide, as without an export
    assert run(cloudrun.app_logs_missing, FILE_HANDLER, summary("orders", "stdout", 5)) == [
        code_hit(FILE_HANDLER, "writes logs to a file inside the container", Severity.WARNING)
    ]
