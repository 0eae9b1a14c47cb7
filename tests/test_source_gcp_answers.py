# ruff: noqa: F811  (pytest fixtures are imported, then named as parameters)
"""Missing resources and rejected queries, answered the way the real Google APIs answer.

A missing Cloud Run job or Pub/Sub subscription is NOT_FOUND (the client raises
``google.api_core.exceptions.NotFound``) and a filter Cloud Logging cannot parse is
INVALID_ARGUMENT ("Unparseable filter"). The fakes answer the same on the wire; the
real client libraries talk to them, and opsdoc must turn each answer into one clear
X001 naming what is missing or what was rejected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from fakes import seeds
from fakes.fixtures import fake_seed_000, seed_000_subscription  # noqa: F401  (fixtures)
from fakes.grpcserver import FakeGrpcServer
from fakes.pubsub import add_pubsub
from google.api_core import exceptions

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import LogRecord, LogSummary, Subscription
from opsdoc.sources.base import SourceContext
from opsdoc.sources.gcp import CloudLoggingSource, PubSubConfigSource
from opsdoc.sources.gcp.common import describe_error

AS_OF = datetime(2025, 11, 5, tzinfo=UTC)
PROJECT, REGION = seeds.SEED_000["project"], seeds.SEED_000["region"]
PARENT = f"projects/{PROJECT}/locations/{REGION}"
JOB = f"{PARENT}/jobs/dev-vividly-content-worker"
WINDOW_H = 24 * 60


def ctx() -> SourceContext:
    return SourceContext(as_of=AS_OF, root=".", deadline_s=10)


def run_clients(address: str) -> dict[str, Any]:
    from google.cloud import run_v2
    from google.cloud.run_v2.services.executions.transports import ExecutionsGrpcTransport
    from google.cloud.run_v2.services.jobs.transports import JobsGrpcTransport
    from google.cloud.run_v2.services.revisions.transports import RevisionsGrpcTransport
    from google.cloud.run_v2.services.services.transports import ServicesGrpcTransport

    def channel() -> grpc.Channel:
        return grpc.insecure_channel(address)

    return {
        "jobs": run_v2.JobsClient(transport=JobsGrpcTransport(channel=channel())),
        "executions": run_v2.ExecutionsClient(transport=ExecutionsGrpcTransport(channel=channel())),
        "services": run_v2.ServicesClient(transport=ServicesGrpcTransport(channel=channel())),
        "revisions": run_v2.RevisionsClient(transport=RevisionsGrpcTransport(channel=channel())),
    }


# -- Cloud Run Admin v2 ------------------------------------------------------------------------


def test_cloud_run_answers_not_found_for_a_missing_job(fake_seed_000: FakeGrpcServer) -> None:
    clients = run_clients(fake_seed_000.address)
    assert clients["jobs"].get_job(name=JOB, timeout=10).name == JOB  # control: it exists
    with pytest.raises(exceptions.NotFound) as caught:
        clients["jobs"].get_job(name=f"{PARENT}/jobs/ingest", timeout=10)
    assert caught.value.grpc_status_code == grpc.StatusCode.NOT_FOUND
    assert caught.value.message == (
        f"Resource 'ingest' of kind 'JOB' in region '{REGION}' in project '{PROJECT}' "
        "does not exist."
    )
    assert describe_error(caught.value, "roles/run.viewer", PARENT) == (
        f"NOT_FOUND: job ingest not found in project {PROJECT}, region {REGION} (check --region)"
    )


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        ("get_execution", "EXECUTION"),
        ("get_service", "SERVICE"),
        ("get_revision", "REVISION"),
    ],
)
def test_every_cloud_run_get_is_not_found_never_unknown(
    fake_seed_000: FakeGrpcServer, call: str, kind: str
) -> None:
    collection = {"EXECUTION": "executions", "SERVICE": "services", "REVISION": "revisions"}[kind]
    owner = {"EXECUTION": f"{JOB}/", "SERVICE": f"{PARENT}/", "REVISION": f"{PARENT}/services/a/"}
    name = f"{owner[kind]}{collection}/gone"
    client = run_clients(fake_seed_000.address)[collection]
    with pytest.raises(exceptions.NotFound) as caught:
        getattr(client, call)(name=name, timeout=10)
    assert f"Resource 'gone' of kind '{kind}'" in caught.value.message
    assert kind.lower() + " gone not found in project" in describe_error(caught.value, "r", "w")


def test_executions_of_a_missing_job_are_not_found_but_the_wildcard_lists(
    fake_seed_000: FakeGrpcServer,
) -> None:
    executions = run_clients(fake_seed_000.address)["executions"]
    listed = executions.list_executions(parent=f"{PARENT}/jobs/-", timeout=10)
    assert len(list(listed)) == 5
    assert len(list(executions.list_executions(parent=JOB, timeout=10))) == 5
    with pytest.raises(exceptions.NotFound, match="'ingest' of kind 'JOB'"):
        list(executions.list_executions(parent=f"{PARENT}/jobs/ingest", timeout=10))


# -- Pub/Sub -----------------------------------------------------------------------------------


@pytest.fixture
def pubsub_fake() -> Iterator[FakeGrpcServer]:
    from google.pubsub_v1 import types

    server = FakeGrpcServer()
    add_pubsub(
        server,
        [types.Subscription(name="projects/p/subscriptions/jobs", topic="projects/p/topics/t")],
    )
    yield server.start()
    server.stop()


def test_pubsub_fake_answers_not_found_for_a_missing_subscription(
    pubsub_fake: FakeGrpcServer,
) -> None:
    from google.cloud import pubsub_v1
    from google.pubsub_v1.services.subscriber.transports import SubscriberGrpcTransport

    client = pubsub_v1.SubscriberClient(
        transport=SubscriberGrpcTransport(channel=grpc.insecure_channel(pubsub_fake.address))
    )
    try:
        sub = client.get_subscription(request={"subscription": "projects/p/subscriptions/jobs"})
        assert sub.topic == "projects/p/topics/t"
        with pytest.raises(exceptions.NotFound) as caught:
            client.get_subscription(request={"subscription": "projects/p/subscriptions/jbos"})
    finally:
        client.close()
    assert caught.value.grpc_status_code == grpc.StatusCode.NOT_FOUND
    assert caught.value.message == "Resource not found (resource=jbos)."


def test_a_missing_subscription_is_one_x001_naming_it(pubsub_fake: FakeGrpcServer) -> None:
    source = PubSubConfigSource("p", subscriptions=["jobs", "jbos"], endpoint=pubsub_fake.address)
    report = diagnose(
        Options(root=seeds.EXAMPLES, as_of=AS_OF, config=Config(timeout_s=10), scan_code=False),
        sources=[source],
    )
    (x001,) = [f for f in report.findings if f.code == "X001"]
    assert "subscription jbos not found in project p" in x001.summary
    assert "gcloud pubsub subscriptions list --project p" in x001.summary
    assert "UNKNOWN" not in x001.summary and "Traceback" not in x001.summary
    assert "subscriptions/jobs" not in x001.summary  # the one that exists is not blamed
    assert report.exit_code == 3


def test_the_emulator_says_not_found_too(seed_000_subscription: tuple[str, str]) -> None:
    """The real emulator answers a missing subscription the same way: opsdoc names it."""
    host, name = seed_000_subscription
    result = PubSubConfigSource(
        PROJECT, subscriptions=[name, "content-generation-wrker-sub"], endpoint=host
    ).collect(ctx())
    assert [r.name for r in result.records if isinstance(r, Subscription)] == [
        "content-generation-worker-sub"
    ]
    (problem,) = result.problems
    assert (
        problem.input == f"Pub/Sub (projects/{PROJECT}/subscriptions/content-generation-wrker-sub)"
    )
    assert problem.reason.startswith(
        f"NOT_FOUND: subscription content-generation-wrker-sub not found in project {PROJECT}"
    )


# -- Cloud Logging -----------------------------------------------------------------------------


def logging_client(address: str) -> Any:
    from google.cloud.logging_v2.services.logging_service_v2 import LoggingServiceV2Client
    from google.cloud.logging_v2.services.logging_service_v2.transports import (
        LoggingServiceV2GrpcTransport,
    )

    return LoggingServiceV2Client(
        transport=LoggingServiceV2GrpcTransport(channel=grpc.insecure_channel(address))
    )


@pytest.mark.parametrize(
    ("flt", "said"),
    [
        ("severity>=ERROR AND (", "syntax error at line 1, column 22"),
        ('textPayload:"unterminated', "syntax error at line 1, column 13"),
        ("severity == ERROR", "syntax error at line 1, column 11, token '='"),
        ("resource.type=", "syntax error at line 1, column 15"),
        ('SEARCH("timeout")', "function SEARCH() at column 1 is not supported"),
        ("timeout", "global restriction timeout at column 1 is not supported"),
    ],
)
def test_logging_rejects_a_filter_it_cannot_parse(
    fake_seed_000: FakeGrpcServer, flt: str, said: str
) -> None:
    """Never ignored: a clause the fake cannot read would otherwise widen the query."""
    client = logging_client(fake_seed_000.address)
    with pytest.raises(exceptions.InvalidArgument) as caught:
        client.list_log_entries(
            request={"resource_names": [f"projects/{PROJECT}"], "filter": flt}, timeout=10
        )
    assert caught.value.grpc_status_code == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.message.startswith("Unparseable filter: ")
    assert said in caught.value.message


def entries_read(result: Any) -> int:
    return sum(s.entries for s in result.records if isinstance(s, LogSummary))


def test_logging_applies_every_clause_of_a_valid_filter(fake_seed_000: FakeGrpcServer) -> None:
    """The control: a clause the fake can read narrows the answer, as it does live."""

    def read(extra: str) -> Any:
        return CloudLoggingSource(
            PROJECT, REGION, window_h=WINDOW_H, extra_filter=extra, endpoint=fake_seed_000.address
        ).collect(ctx())

    everything, warnings = read(""), read("severity>=WARNING")
    assert not everything.problems and not warnings.problems
    assert (entries_read(everything), entries_read(warnings)) == (16, 5)
    logged = [r for r in warnings.records if isinstance(r, LogRecord)]
    assert logged and {r.severity for r in logged} == {"WARNING"}
    assert entries_read(read('NOT severity="WARNING"')) == 11
    assert entries_read(read('resource.type=("cloud_run_revision" OR "gce_instance")')) == 0


def test_a_rejected_log_query_is_a_clear_x001(fake_seed_000: FakeGrpcServer) -> None:
    source = CloudLoggingSource(
        PROJECT,
        REGION,
        window_h=WINDOW_H,
        extra_filter="severity>=ERROR AND (",
        endpoint=fake_seed_000.address,
    )
    result = source.collect(ctx())
    assert not [r for r in result.records if isinstance(r, LogRecord)]
    (problem,) = result.problems
    assert problem.input == f"Cloud Logging (projects/{PROJECT})"
    assert problem.reason.startswith(
        "INVALID_ARGUMENT: Cloud Logging rejected the query (Unparseable filter: syntax error "
    )
    assert problem.reason.endswith(f"; query: {source.log_filter(ctx())}")
    assert "Traceback" not in problem.reason


def test_a_quote_in_the_region_cannot_break_the_log_query(fake_seed_000: FakeGrpcServer) -> None:
    source = CloudLoggingSource(
        PROJECT,
        'us-central1" OR resource.type="x',
        window_h=WINDOW_H,
        endpoint=fake_seed_000.address,
    )
    assert 'resource.labels.location="us-central1\\" OR resource.type=\\"x"' in source.log_filter(
        ctx()
    )
    result = source.collect(ctx())
    assert not result.problems  # a valid query...
    assert entries_read(result) == 0  # ...for a region that does not exist: nothing widened
