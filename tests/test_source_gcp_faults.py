# ruff: noqa: F811  (pytest fixtures are imported, then named as parameters)
"""A failing live source costs one X001, never the run: faults injected per source.

Each case adds one broken source to a healthy live diagnosis (seed 003 served by
local fakes). The run must name the broken source in an X001, keep every other
finding and exit 3. The run's own deadline is minutes away, so the healthy sources
finish however loaded the machine is, and only the broken source's own deadline
can end its wait; how soon a run ends is measured by `benchmarks/hostile.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from typing import Any

import anthropic  # noqa: F401  (imported once up front: its ~1 s import is not a fault)
import pytest
from fakes import seeds
from fakes.anthropic_api import FakeAnthropic
from fakes.fixtures import fake_seed_003  # noqa: F401  (fixture)
from fakes.grpcserver import FakeGrpcServer
from fakes.pubsub import add_pubsub
from fakes.sockets import black_hole, refused_address

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.findings import Severity
from opsdoc.report import Report
from opsdoc.sources.anthropic_models import AnthropicModelsSource
from opsdoc.sources.base import Source
from opsdoc.sources.code import CodeSource
from opsdoc.sources.exports import ExportsSource
from opsdoc.sources.gcp import (
    CloudLoggingSource,
    CloudRunSource,
    MonitoringSource,
    PubSubConfigSource,
)

AS_OF = datetime(2025, 11, 5, tzinfo=UTC)
TIMEOUT_S = 5.0
"""The broken source's own deadline: it spends 80 % of it (4 s) before reporting,
a second before the engine would abandon it."""
RUN_TIMEOUT_S = 600.0
HANG_GUARD_S = 60.0
ROOT = seeds.EXAMPLES / seeds.SEED_003["example"]
# The seed's own findings are demoted so that the exit code shows the source failure (3).
CONFIG = Config(
    timeout_s=RUN_TIMEOUT_S,
    severity_overrides={
        "T002": Severity.WARNING,
        "E005": Severity.WARNING,
        "A001": Severity.WARNING,  # the handler awaits nothing while ffmpeg runs
    },
)

GRPC_FAULTS = [
    "refused",
    "never_answers",
    "permission_denied",
    "unavailable",
    "internal",
    "malformed",
]
ROLES = {
    "gcp-run": "roles/run.viewer",
    "gcp-logging": "roles/logging.viewer",
    "gcp-monitoring": "roles/monitoring.viewer",
    "gcp-pubsub": "roles/pubsub.viewer",
}
MAKERS: dict[str, Callable[[str], Source]] = {
    "gcp-run": lambda ep: CloudRunSource("p", "r", timeout_s=TIMEOUT_S, endpoint=ep),
    "gcp-logging": lambda ep: CloudLoggingSource("p", "r", timeout_s=TIMEOUT_S, endpoint=ep),
    "gcp-monitoring": lambda ep: MonitoringSource("p", timeout_s=TIMEOUT_S, endpoint=ep),
    "gcp-pubsub": lambda ep: PubSubConfigSource("p", timeout_s=TIMEOUT_S, endpoint=ep),
}


@pytest.fixture
def healthy(fake_seed_003: FakeGrpcServer, request: pytest.FixtureRequest) -> list[Source]:
    """Code, the seed's exports and the live sources other than the one under test."""
    broken = getattr(request, "param", "") or request.node.callspec.params.get("name", "")
    sources: list[Source] = [
        CodeSource(str(ROOT)),
        ExportsSource([str(seeds.exports_dir(seeds.SEED_003))]),
        CloudRunSource("podcast612", "us-west1", endpoint=fake_seed_003.address),
        CloudLoggingSource(
            "podcast612", "us-west1", window_h=24 * 60, endpoint=fake_seed_003.address
        ),
    ]
    return [s for s in sources if s.name != broken]


def diagnosed(sources: list[Source]) -> Report:
    return diagnose(Options(root=ROOT, as_of=AS_OF, config=CONFIG), sources=sources)


def assert_contained(report: Report, baseline: Report, name: str) -> str:
    # A hang guard only: the run's deadline is 600 s, the broken source's 5 s.
    assert report.seconds < HANG_GUARD_S
    x001 = [f for f in report.findings if f.code == "X001"]
    assert x001, "the broken source must be reported"
    # Named as the reporting source, or as the subject when the engine abandoned it.
    assert all(name in (f.evidence[0].source, f.subject) for f in x001)
    assert [f.id for f in report.findings if f.code != "X001"] == [f.id for f in baseline.findings]
    assert report.exit_code == 3
    status = {s.name: s.status for s in report.sources}
    assert status[name] == "failed"
    assert all(v == "ok" for k, v in status.items() if k != name)
    assert "Traceback" not in " ".join(f.summary for f in x001)
    return " ".join(f.summary for f in x001)


@pytest.fixture
def endpoint() -> Iterator[Callable[[str], str]]:
    """An endpoint showing the named fault."""
    with ExitStack() as stack:

        def make(fault: str) -> str:
            if fault == "refused":
                return refused_address()
            if fault == "never_answers":
                return stack.enter_context(black_hole())
            server = FakeGrpcServer(fault=fault)
            add_pubsub(server, [])
            from fakes.cloudrun import CloudRunData, add_cloud_run
            from fakes.logging import add_logging
            from fakes.monitoring import add_monitoring

            add_cloud_run(server, CloudRunData())
            add_logging(server, [])
            add_monitoring(server, [])
            server.start()
            stack.callback(server.stop)
            return server.address

        yield make


@pytest.mark.parametrize("fault", GRPC_FAULTS)
@pytest.mark.parametrize("name", sorted(MAKERS))
def test_google_source_fault_is_contained(
    name: str, fault: str, healthy: list[Source], endpoint: Callable[[str], str]
) -> None:
    baseline = diagnosed(healthy)
    assert baseline.exit_code == 0 and baseline.findings
    report = diagnosed([*healthy, MAKERS[name](endpoint(fault))])
    text = assert_contained(report, baseline, name)
    if fault == "permission_denied":
        assert "PERMISSION_DENIED" in text and ROLES[name] in text
    if fault == "unavailable":
        assert "UNAVAILABLE" in text
    if fault == "malformed":
        assert "malformed" in text or "INTERNAL" in text


ANTHROPIC_FAULTS = ["refused", "never_answers", "http500", "malformed", "forbidden", "bad_key"]


@pytest.mark.parametrize("fault", ANTHROPIC_FAULTS)
def test_anthropic_fault_is_contained(fault: str, healthy: list[Source], tmp_path: Any) -> None:
    baseline = diagnosed(healthy)
    with ExitStack() as stack:
        fake = FakeAnthropic(models=["claude-sonnet-4-5-20250929"]).start()
        stack.callback(fake.stop)
        key = fake.api_key
        if fault == "refused":
            url = f"http://{refused_address()}"
        elif fault == "never_answers":
            url = f"http://{stack.enter_context(black_hole())}"
        else:
            url = fake.base_url
            fake.fault = "" if fault == "bad_key" else fault
            key = "sk-ant-wrong-key-000000000000" if fault == "bad_key" else key
        source = AnthropicModelsSource(
            key, base_url=url, cache_dir=str(tmp_path), timeout_s=TIMEOUT_S
        )
        report = diagnosed([*healthy, source])
    text = assert_contained(report, baseline, "anthropic-models")
    expected = {
        "http500": "HTTP 500",
        "malformed": "malformed",
        "forbidden": "403",
        "bad_key": "401",
        "refused": "connect",
        # The source's own "no answer in time", or the engine's "no answer within 5 s"
        # should a loaded machine let the engine's deadline come first.
        "never_answers": "no answer",
    }[fault]
    assert expected in text
    assert "sk-ant-wrong" not in text
