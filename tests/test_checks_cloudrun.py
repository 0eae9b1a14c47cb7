"""T005 and L001: code facts joined with service configurations and log summaries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from opsdoc.checks import cloudrun
from opsdoc.evidence import Evidence, LogRecord, LogSummary, Record, Ref, ServiceConfig
from opsdoc.findings import Hit, Severity
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource

FIXTURES = Path(__file__).parent / "fixtures" / "code"
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def evidence(name: str | None, *extra: Record) -> Evidence:
    ev = Evidence(as_of=AS_OF)
    if name is not None:
        root = FIXTURES / name
        ctx = SourceContext(as_of=AS_OF, root=str(root), deadline_s=30)
        ev.add(CodeSource(str(root)).collect(ctx).records)
    ev.add(extra)
    return ev


def run(check: object, ev: Evidence) -> list[Hit]:
    return list(check.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def service(name: str, throttled: bool) -> ServiceConfig:
    return ServiceConfig(
        ref=Ref("exports", f"exports/{name}.yaml"),
        name=name,
        request_timeout_s=300.0,
        cpu_throttling=throttled,
    )


def summary(service: str, stream: str, entries: int) -> LogSummary:
    return LogSummary(
        ref=Ref("exports", "exports/logs.json"),
        resource_type="cloud_run_revision",
        resource=service,
        stream=stream,
        entries=entries,
        errors=0,
        warnings=0,
        first=None,
        last=None,
    )


def console(service: str, index: int, message: str, stream: str = "stderr") -> LogRecord:
    return LogRecord(
        ref=Ref("exports", f"exports/logs.json#{index}"),
        timestamp=AS_OF,
        severity="DEFAULT",
        message=message,
        stream=stream,
        resource_type="cloud_run_revision",
        service=service,
    )


# -- T005 --------------------------------------------------------------------------------------


def test_t005_thread_on_a_known_throttled_service_is_an_error() -> None:
    hits = run(cloudrun.work_after_response, evidence("T005_flask_thread", service("render", True)))
    assert [(h.subject, h.severity, h.confidence) for h in hits] == [
        ("webapp/views.py:16", Severity.ERROR, 0.85)
    ]
    assert "handler start_render starts a background thread" in hits[0].summary
    assert hits[0].evidence[1].ref == "exports/render.yaml"


def test_t005_deploy_script_without_the_flag_is_only_likely() -> None:
    hits = run(cloudrun.work_after_response, evidence("T005_background_tasks_deploy"))
    assert [(h.subject, h.severity) for h in hits] == [
        ("api/main.py:17", Severity.WARNING),
        ("api/main.py:23", Severity.WARNING),
    ]
    assert "likely throttled" in hits[0].summary
    assert "a BackgroundTasks task" in hits[0].summary


def test_t005_no_cpu_throttling_yields_nothing() -> None:
    assert run(cloudrun.work_after_response, evidence("T005_no_cpu_throttling")) == []
    unthrottled = evidence("T005_flask_thread", service("render", False))
    assert run(cloudrun.work_after_response, unthrottled) == []


def test_t005_needs_some_sign_of_cloud_run() -> None:
    assert run(cloudrun.work_after_response, evidence("T005_flask_thread")) == []
    from_logs = evidence("T005_flask_thread", summary("render", "requests", 3))
    hits = run(cloudrun.work_after_response, from_logs)
    assert [(h.subject, h.severity) for h in hits] == [("webapp/views.py:16", Severity.WARNING)]


# -- L001 --------------------------------------------------------------------------------------


def test_l001_requests_only_export_with_unconfigured_logging() -> None:
    ev = evidence(
        "L001_unconfigured_fastapi",
        summary("orders", "requests", 40),
        summary("orders", "stderr", 2),
        console("orders", 3, "INFO:     Started server process [1]"),
        console("orders", 4, "INFO:     Application startup complete."),
    )
    hits = run(cloudrun.app_logs_missing, ev)
    assert [(h.subject, h.severity) for h in hits] == [("services/orders", Severity.ERROR)]
    assert "never configures logging" in hits[0].summary
    assert [e.ref for e in hits[0].evidence] == ["exports/logs.json", "orders/main.py:13"]


def test_l001_export_alone_with_no_console_output_is_a_warning() -> None:
    ev = evidence(None, summary("billing", "requests", 12))
    hits = run(cloudrun.app_logs_missing, ev)
    assert [(h.subject, h.severity, h.confidence) for h in hits] == [
        ("services/billing", Severity.WARNING, 0.55)
    ]


def test_l001_application_lines_on_stdout_mean_logs_arrive() -> None:
    # Three application lines, every other entry an access line: logs arrive. The
    # console count equals requests + kept lines, so only the app-line guard decides.
    ev = evidence(
        "L001_unconfigured_fastapi",
        summary("orders", "requests", 40),
        summary("orders", "stdout", 43),
        console("orders", 7, "order 42 created", stream="stdout"),
        console("orders", 8, "payment 9 captured", stream="stdout"),
        console("orders", 9, "order 43 created", stream="stdout"),
    )
    # No export-based finding; what the code does is still said, at info.
    hits = run(cloudrun.app_logs_missing, ev)
    assert [(h.subject, h.severity) for h in hits] == [("orders/main.py:13", Severity.INFO)]


def test_l001_one_unrecognised_banner_among_many_requests_is_still_missing_logs() -> None:
    # aiohttp's start banner is a server line, and one stray line in 500 requests
    # is not application logging: decided by proportion, not by one line.
    ev = evidence(
        "L001_unconfigured_fastapi",
        summary("orders", "requests", 500),
        summary("orders", "stdout", 503),
        console("orders", 1, "======== Running on http://0.0.0.0:8080 ========", "stdout"),
        console("orders", 2, "(Press CTRL+C to quit)", "stdout"),
        console("orders", 3, "connected to postgres", "stdout"),
    )
    hits = run(cloudrun.app_logs_missing, ev)
    assert [(h.subject, h.severity) for h in hits] == [("services/orders", Severity.ERROR)]
    assert "all but 1 of them" in hits[0].summary


def test_l001_unkept_entries_beyond_one_per_request_count_as_application_lines() -> None:
    # 40 requests, 60 console entries, none kept: 20 entries cannot be access lines.
    ev = evidence(
        "L001_unconfigured_fastapi",
        summary("orders", "requests", 40),
        summary("orders", "stdout", 60),
    )
    hits = run(cloudrun.app_logs_missing, ev)
    assert [h.severity for h in hits] == [Severity.INFO]
    assert "some output does arrive" in hits[0].summary


def test_l001_code_only_file_handler_on_a_cloud_run_service() -> None:
    hits = run(cloudrun.app_logs_missing, evidence("L001_dictconfig_file"))
    assert [(h.subject, h.severity) for h in hits] == [("svc/logsetup.py:20", Severity.WARNING)]
    assert "writes logs to a file inside the container" in hits[0].summary


def test_l001_propagate_false_and_disable_despite_a_stream_handler() -> None:
    hits = run(cloudrun.app_logs_missing, evidence("L001_propagate_false"))
    assert [h.subject for h in hits] == ["app/log.py:9", "app/log.py:12"]


def test_l001_stream_handler_yields_nothing() -> None:
    assert run(cloudrun.app_logs_missing, evidence("L001_stream_handler")) == []


def test_l001_code_without_cloud_run_yields_nothing() -> None:
    src_only = evidence("L001_unconfigured_fastapi")
    assert run(cloudrun.app_logs_missing, src_only) == []


def test_l001_the_readers_console_sample_outranks_the_kept_records() -> None:
    # 1,204 console entries, none kept as records (ordinary INFO lines are only counted),
    # but the reader's sample found them to be application lines: logs arrive.
    from dataclasses import replace

    stdout = replace(summary("catalog", "stdout", 1204), sampled=1204, server_sampled=19)
    ev = evidence("L001_unconfigured_fastapi", summary("catalog", "requests", 2067), stdout)
    hits = run(cloudrun.app_logs_missing, ev)
    assert all(h.severity is Severity.INFO for h in hits)
    # The same counts, every sampled line a server line: the application's logs are missing.
    only_server = replace(stdout, server_sampled=1204)
    ev = evidence("L001_unconfigured_fastapi", summary("catalog", "requests", 2067), only_server)
    assert [h.severity for h in run(cloudrun.app_logs_missing, ev)] == [Severity.ERROR]


def _tree(root: Path, files: dict[str, str]) -> Evidence:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    ev = Evidence(as_of=AS_OF)
    ctx = SourceContext(as_of=AS_OF, root=str(root), deadline_s=30)
    ev.add(CodeSource(str(root)).collect(ctx).records)
    return ev


FLASK_THREAD = """
import threading
from flask import Flask
app = Flask(__name__)

@app.post("/deploy")
def deploy():
    threading.Thread(target=run_setup).start()
    return "started"
"""
RUN_DEPLOY = "gcloud run deploy shop --source . --region us-central1\n"


def test_t005_a_repository_of_projects_ties_a_deploy_script_to_its_own(tmp_path: Path) -> None:
    """devrel-demos shape: one demo deploys to Cloud Run, another is a Flask app run by
    hand. The deploy script of the one says nothing about the other; in the same project,
    or in a deploy folder inside it, it does."""
    ev = _tree(
        tmp_path / "a",
        {
            "demos/shop/run.sh": RUN_DEPLOY,
            "demos/shop/app.py": "print('shop')\n",
            "demos/setup-tool/main.py": FLASK_THREAD,
        },
    )
    assert run(cloudrun.work_after_response, ev) == []
    same = _tree(
        tmp_path / "b",
        {"demos/shop/deploy/run.sh": RUN_DEPLOY, "demos/shop/main.py": FLASK_THREAD},
    )
    assert [h.subject for h in run(cloudrun.work_after_response, same)] == ["demos/shop/main.py:8"]
    at_root = _tree(
        tmp_path / "c", {"run.sh": RUN_DEPLOY, "demos/setup-tool/main.py": FLASK_THREAD}
    )
    assert [h.subject for h in run(cloudrun.work_after_response, at_root)] == [
        "demos/setup-tool/main.py:8"
    ]


def test_t005_a_deploy_script_beside_another_languages_project_ships_that_one(
    tmp_path: Path,
) -> None:
    """A Next.js game with its own ``run.sh`` (``--source .``) next to a Flask tool in the
    same folder of demos: the script ships the game's folder, whose ``package.json`` makes
    it a project of its own, not the Python beside it. A script in a folder of deploy files
    (no build manifest) still counts for the project above it."""
    game = {
        "infra/lb-game/run.sh": RUN_DEPLOY,
        "infra/lb-game/package.json": '{"name": "lb-game"}\n',
        "infra/alloy-setup/main.py": FLASK_THREAD,
    }
    assert run(cloudrun.work_after_response, _tree(tmp_path / "a", game)) == []
    del game["infra/lb-game/package.json"]
    hits = run(cloudrun.work_after_response, _tree(tmp_path / "b", game))
    assert [h.subject for h in hits] == ["infra/alloy-setup/main.py:8"]


def test_t005_an_executor_block_waits_for_what_was_submitted_in_it(tmp_path: Path) -> None:
    """``with ThreadPoolExecutor() as pool:`` ends with every submitted job done; a pool
    kept beyond the handler is still work after the response."""
    block = """
import concurrent.futures
from flask import Flask
app = Flask(__name__)

@app.get("/")
def root():
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(fetch, name) for name in ("balance", "history")]
    return "ok"
"""
    ev = _tree(tmp_path / "a", {"run.sh": RUN_DEPLOY, "app.py": block})
    assert run(cloudrun.work_after_response, ev) == []
    kept = block.replace(
        "    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:\n"
        '        futures = [pool.submit(fetch, name) for name in ("balance", "history")]\n',
        "    POOL.submit(fetch, 'balance')\n",
    ).replace(
        "app = Flask(__name__)",
        "app = Flask(__name__)\nPOOL = concurrent.futures.ThreadPoolExecutor()",
    )
    ev = _tree(tmp_path / "b", {"run.sh": RUN_DEPLOY, "app.py": kept})
    assert [h.subject for h in run(cloudrun.work_after_response, ev)] == ["app.py:9"]
