"""Log-line meanings, learnt from real output: Cloud Run platform texts and real servers."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import missing
from servers.capture import APP_LINE, SERVERS, TIMED_SERVERS, Server, capture, write_apps

from opsdoc.evidence import LogRecord
from opsdoc.loglines import PlatformEvent, is_server_line, is_server_start, platform_event
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource

# Google's own texts, as Cloud Run writes them to run.googleapis.com/varlog/system
# and run.googleapis.com/requests.
PLATFORM_TEXTS = [
    ("Container called exit(0).", PlatformEvent.EXIT_OK),
    ("Container called exit(1).", PlatformEvent.EXIT_ERROR),
    ("Container called exit(137).", PlatformEvent.EXIT_ERROR),
    # 128 + 15: the process ended on the SIGTERM it was sent (maintenance, scale-down)
    ("Container called exit(143).", PlatformEvent.SHUTDOWN),
    (
        "Memory limit of 512 MiB exceeded with 530 MiB used. Consider increasing the memory "
        "limit, see https://cloud.google.com/run/docs/configuring/memory-limits",
        PlatformEvent.MEMORY_LIMIT,
    ),
    (
        "The request has been terminated because it has reached the maximum request timeout. "
        "To change this limit, see https://cloud.google.com/run/docs/configuring/request-timeout",
        PlatformEvent.REQUEST_TIMEOUT,
    ),
    (
        "Terminating task because it has reached the maximum timeout of 1800 seconds.",
        PlatformEvent.TASK_TIMEOUT,
    ),
    (
        "Task ingest-x7k2p-task0 failed with message: The configured timeout was reached.",
        PlatformEvent.TASK_TIMEOUT,
    ),
    (
        'Default STARTUP TCP probe failed 1 time consecutively for container "api-1" on port '
        "8080. The instance was not started.",
        PlatformEvent.PROBE_FAILED,
    ),
    (
        'Default STARTUP TCP probe succeeded after 1 attempt for container "api-1" on port 8080.',
        PlatformEvent.PROBE_OK,
    ),
    (
        "Starting new instance. Reason: AUTOSCALING - Instance started due to configured "
        "scaling factors (e.g. CPU utilization, request throughput, etc.) or no existing "
        "capacity for current traffic.",
        PlatformEvent.INSTANCE_START,
    ),
    ("Container terminated on signal 15.", PlatformEvent.SHUTDOWN),
    ("Container terminated on signal 9.", PlatformEvent.KILLED),
    ("Shutting down user disabled instance", PlatformEvent.SHUTDOWN),
]


@pytest.mark.parametrize(
    ("text", "event"), PLATFORM_TEXTS, ids=[e.value for _, e in PLATFORM_TEXTS]
)
def test_platform_texts_are_classified_by_what_happened(text: str, event: PlatformEvent) -> None:
    assert platform_event(text) is event


def test_a_normal_job_exit_is_not_a_start_up() -> None:
    assert not is_server_start("Container called exit(0).")
    assert platform_event("Container called exit(0).") is PlatformEvent.EXIT_OK


@pytest.mark.parametrize(
    "text",
    [
        "exit(0) called by the cleanup hook",
        "order 42 created",
        "Processed 12 messages, exiting",
        "Shutting down the connection pool for tenant 7 after idle",
    ],
)
def test_application_lines_are_neither_platform_nor_server_lines(text: str) -> None:
    assert platform_event(text) is None
    assert not is_server_line(text)


def _installed(server: Server) -> bool:
    return importlib.util.find_spec(server.module) is not None


@pytest.fixture(scope="module")
def app_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("servers")
    write_apps(folder)
    return folder


@pytest.mark.parametrize("server", SERVERS, ids=[s.name for s in SERVERS])
def test_every_line_a_real_server_prints_is_recognised(server: Server, app_folder: Path) -> None:
    """Run the server for real; its own lines are server lines, the app's line is not."""
    if not _installed(server):
        missing(server.module, "pip install -e '.[test]'")
    lines = capture(server, app_folder)
    app = [line for line in lines if APP_LINE in line]
    own = [line for line in lines if APP_LINE not in line]
    assert app, f"{server.name}: the application's log line was not printed: {lines}"
    assert own, f"{server.name}: printed nothing of its own"
    assert [line for line in app if is_server_line(line)] == []
    assert [line for line in own if not is_server_line(line)] == []
    assert any(is_server_start(line) for line in own), f"{server.name}: no start-up line"


def _requests_read_back(lines: list[str], folder: Path) -> list[LogRecord]:
    export = folder / "server.log"
    export.write_text("\n".join(lines) + "\n")
    ctx = SourceContext(as_of=datetime(2026, 12, 1, tzinfo=UTC), root=str(folder), deadline_s=60)
    records = ExportsSource([str(export)]).collect(ctx).records
    return [r for r in records if isinstance(r, LogRecord) and r.http is not None]


@pytest.mark.parametrize("server", SERVERS, ids=[s.name for s in SERVERS])
def test_request_durations_are_read_only_where_the_server_prints_them(
    server: Server, app_folder: Path, tmp_path: Path
) -> None:
    """A duration the server printed (gunicorn ``%(L)s``, aiohttp ``%Tf``) is the latency;
    the response size of a format without one is never taken for it."""
    if not _installed(server):
        missing(server.module, "pip install -e '.[test]'")
    requests = _requests_read_back(capture(server, app_folder), tmp_path)
    if server.name in ("waitress", "daphne", "flask-dev", "django-runserver"):
        return  # these print no access line at all, or none with a request line
    assert {(r.http.method, r.http.path) for r in requests if r.http} >= {("GET", "/")}
    latencies = [r.http.latency_s for r in requests if r.http]
    if server.name in TIMED_SERVERS:
        assert all(x is not None and 0 < x < 60 for x in latencies), latencies
    else:
        assert latencies and all(x is None for x in latencies), latencies
