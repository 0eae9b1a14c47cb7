"""Controls for T003 (ack deadline shorter than processing): one guard per test.

Subscriptions, worker lines and backlog metrics are built in-process; how worker
lines are read as durations is tested in tests/test_checks_pubsub.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.pubsub import ack_deadline_too_short, processing_seconds, redelivery_signs
from opsdoc.evidence import Evidence, HttpInfo, LogRecord, QueueStats, Record, Ref, Subscription
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TEXT = (
    "Give each message more time than its slowest handling: raise the ack deadline, "
    "or keep extending the lease while working (streaming pull does this up to "
    "max_lease_duration; synchronous pull must call modify_ack_deadline). Make the "
    "handler idempotent, since redelivery can still happen."
)


def run(*records: Record) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.add(records)
    return list(ack_deadline_too_short.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def sub(name: str = "orders-sub", deadline: float | None = 60, push: str = "") -> Subscription:
    return Subscription(
        Ref("exports", f"{name}.yaml"), name, ack_deadline_s=deadline, push_endpoint=push
    )


def line(message: str, index: int = 0, minute: int = 0) -> LogRecord:
    return LogRecord(
        Ref("exports", f"worker.log:{index}"), T0 + timedelta(minutes=minute), "INFO", message
    )


def metrics(expired: int | None, name: str = "orders-sub") -> QueueStats:
    return QueueStats(
        Ref("monitoring", f"subscriptions/{name}"), name, "pubsub", 40, expired_acks=expired
    )


def test_t003_handling_over_the_deadline_in_full() -> None:
    records = [
        sub(),
        line("processed message 1 in 75s", 1),
        line("processed message 2 in 20s", 2),
        line("processed message 3 in 90.5s", 3),
    ]
    assert run(*records) == [
        Hit(
            subject="subscriptions/orders-sub",
            summary="Subscription orders-sub gives each message 60 s before redelivering it, but "
            "handling took up to 90.5 s (2 of 3 observed over the deadline): messages are "
            "delivered again while still being processed",
            evidence=(
                EvidenceItem(
                    "exports", "orders-sub.yaml", "subscription orders-sub: ack deadline 60 s"
                ),
                EvidenceItem(
                    "exports",
                    "worker.log:3",
                    "2026-11-22T09:00:00Z INFO processed message 3 in 90.5s",
                ),
                EvidenceItem(
                    "exports",
                    "worker.log:1",
                    "2026-11-22T09:00:00Z INFO processed message 1 in 75s",
                ),
                EvidenceItem(
                    "exports",
                    "worker.log:2",
                    "2026-11-22T09:00:00Z INFO processed message 2 in 20s",
                ),
            ),
            fix=Fix(
                text=TEXT,
                commands=(
                    "gcloud pubsub subscriptions update orders-sub --ack-deadline=136",
                    "opsdoc runbook T003",
                ),
            ),
            confidence=0.65,
            severity=Severity.WARNING,
        )
    ]


def test_t003_handling_exactly_at_the_deadline_is_fine() -> None:
    assert run(sub(), line("processed message 1 in 60s")) == []
    assert len(run(sub(), line("processed message 1 in 61s"))) == 1


def test_t003_no_deadline_known_is_pubsubs_ten_seconds() -> None:
    [hit] = run(sub(deadline=None), line("processed message 1 in 11s"))
    assert "gives each message 10 s" in hit.summary
    # the new deadline: twice the old one when that is more than 1.5 times the handling
    assert hit.fix.commands[0] == "gcloud pubsub subscriptions update orders-sub --ack-deadline=20"
    assert run(sub(deadline=None), line("processed message 1 in 10s")) == []


def test_t003_the_new_deadline_is_capped_and_long_work_is_sent_elsewhere() -> None:
    [hit] = run(sub(), line("processed message 1 in 500s"))
    assert hit.fix == Fix(
        text=TEXT,
        commands=(
            "gcloud pubsub subscriptions update orders-sub --ack-deadline=600",
            "opsdoc runbook T003",
        ),
    )
    [hit] = run(sub(), line("processed message 1 in 601s"))
    assert hit.fix.text == TEXT + (
        " Handling takes longer than the 600 s maximum deadline: ack quickly and hand the long "
        "work to a job or queue that tracks it."
    )
    [hit] = run(sub(), line("processed message 1 in 600.5s"))
    assert hit.fix.commands[0].endswith("--ack-deadline=600")


def test_t003_expired_acks_alone_are_proof_and_an_error() -> None:
    [hit] = run(sub(), metrics(1234))
    assert hit.summary == (
        "Subscription orders-sub gives each message 60 s before redelivering it, but 1,234 ack "
        "deadlines expired (Cloud Monitoring): messages are delivered again while still being processed"
    )
    assert hit.evidence[1] == EvidenceItem(
        "monitoring", "subscriptions/orders-sub", "expired_ack_deadlines_count=1234 depth=40"
    )
    assert (hit.confidence, hit.severity) == (0.9, Severity.ERROR)
    assert run(sub(), metrics(0)) == []
    assert run(sub(), metrics(None)) == []
    assert run(sub(), metrics(5, name="other-sub")) == []
    other_backend = QueueStats(Ref("redis", "x"), "orders-sub", "rq", 40, expired_acks=5)
    assert run(sub(), other_backend) == []


def test_t003_redelivery_needs_processing_lines_and_a_single_subscription() -> None:
    again = line("received message 4711 delivery_attempt=3", 5)
    fast = line("processed message 9 in 2s", 6)
    [hit] = run(sub(), again, fast)
    assert hit.summary.endswith(
        "but the logs show 1 redelivery sign(s) (delivery attempt 3), though no message took "
        "more than 2 s to handle: the time from pull to ack (a batch worked through one message "
        "at a time, a lease that stops before the ack) outlives the deadline: messages are "
        "delivered again while still being processed"
    )
    assert [e.ref for e in hit.evidence] == ["orders-sub.yaml", "worker.log:5"]
    assert run(sub(), again) == []
    # with two subscriptions a redelivery line cannot be placed
    assert (
        run(sub(), sub("b-sub"), again, line("processed message 9 for orders-sub in 2s", 6)) == []
    )


def test_t003_lines_count_for_the_subscription_they_name() -> None:
    records = [sub("a-sub"), sub("b-sub"), line("b-sub: processed message 1 in 90s", 1)]
    assert [h.subject for h in run(*records)] == ["subscriptions/b-sub"]
    # with two subscriptions, a line naming neither counts for none
    assert run(sub("a-sub"), sub("b-sub"), line("processed message 1 in 90s")) == []
    # subscriptions without a name are not judged
    assert run(sub(""), line("processed message 1 in 90s")) == []


def test_t003_push_requests_count_for_the_push_endpoints_path() -> None:
    push = sub(push="https://worker-abc.run.app/pubsub/push?token=x")
    request = LogRecord(
        Ref("exports", "requests.json#2"),
        T0,
        "INFO",
        "POST /pubsub/push",
        http=HttpInfo(method="POST", path="/pubsub/push", status=200, latency_s=75.0),
    )
    [hit] = run(push, request)
    assert hit.evidence[1].ref == "requests.json#2"
    other_path = LogRecord(
        Ref("exports", "requests.json#3"),
        T0,
        "INFO",
        "processed message 1 in 90s",
        http=HttpInfo(method="POST", path="/other", status=200, latency_s=75.0),
    )
    assert run(push, other_path) == []  # a request is no worker line, whatever it says


def test_t003_quotes_the_three_longest() -> None:
    records = [sub()] + [line(f"processed message {i} in {60 + i}s", i) for i in range(1, 6)]
    [hit] = run(*records)
    assert [e.ref for e in hit.evidence[1:]] == ["worker.log:5", "worker.log:4", "worker.log:3"]


@pytest.mark.parametrize(
    ("message", "seconds"),
    [
        ("processed message 1 in 1500ms", 1.5),
        ("processed message 1 in 2 milliseconds", 0.002),
        ("processed message 1 in 2 minutes", 120.0),
        ("processed message 1 in 2 mins", 120.0),
        ("processed message 1 in 2m", 120.0),
        ("processed message 1 in 1 hour", 3600.0),
        ("processed message 1 in 1h", 3600.0),
        ("processed message 1 in 3 sec", 3.0),
        ("took 1h2m3s", 3723.0),
        ("took 2m3.5s", 123.5),
        ("duration_ms=1500", 1.5),
        ("DURATION_MS=1500", 1.5),
        ("latency_s=2.5", 2.5),
        ("elapsed: 12", 12.0),
        ("processing_time=2ms", 0.002),
    ],
)
def test_processing_time_units(message: str, seconds: float) -> None:
    assert processing_seconds(message) == pytest.approx(seconds)


def test_redelivery_signs_in_time_order() -> None:
    records = [
        line("Dropping 3 items because they were leased too long", 3, minute=3),
        line("processing message 4711", 1, minute=1),
        line("processing message 4711", 2, minute=2),
        line("delivery_attempt=1 message 4712", 4, minute=4),
        line("waiting for message 4711", 5, minute=5),
    ]
    assert [(why, r.ref.location) for why, r in redelivery_signs(records)] == [
        ("message 4711 started again", "worker.log:2"),
        ("the client dropped 3 expired lease(s)", "worker.log:3"),
    ]


def test_redelivery_signs_of_every_kind_after_one_another() -> None:
    # each sign is one line; the lines after it are read too
    records = [
        line("Dropping 1 item because they were leased too long", 1, minute=1),
        line("received message 4711 delivery_attempt=2", 2, minute=2),
        line("delivery_attempt=4 message 4712", 3, minute=3),
        line("Dropping 2 items because they were leased too long", 4, minute=4),
    ]
    assert [(why, r.ref.location) for why, r in redelivery_signs(records)] == [
        ("the client dropped 1 expired lease(s)", "worker.log:1"),
        ("delivery attempt 2", "worker.log:2"),
        ("delivery attempt 4", "worker.log:3"),
        ("the client dropped 2 expired lease(s)", "worker.log:4"),
    ]


def test_redelivery_lines_without_a_time_come_after_the_dated_ones() -> None:
    undated = LogRecord(Ref("exports", "worker.log:1"), None, "INFO", "processing message 4711")
    dated = line("processing message 4711", 2, minute=2)
    signs = redelivery_signs([undated, dated])
    assert [(why, r.ref.location) for why, r in signs] == [
        ("message 4711 started again", "worker.log:1")
    ]


def test_t003_every_reason_is_said_and_the_redelivery_lines_quoted_three_at_most() -> None:
    records = [
        sub(),
        line("processed message 1 in 75s", 1),
        *(line(f"received message 47{i} delivery_attempt=2", 10 + i, minute=i) for i in range(4)),
        metrics(7),
    ]
    [hit] = run(*records)
    assert hit.summary == (
        "Subscription orders-sub gives each message 60 s before redelivering it, but handling "
        "took up to 75 s (1 of 1 observed over the deadline) and the logs show 4 redelivery "
        "sign(s) (delivery attempt 2) and 7 ack deadlines expired (Cloud Monitoring): messages "
        "are delivered again while still being processed"
    )
    assert [e.ref for e in hit.evidence] == [
        "orders-sub.yaml",
        "worker.log:1",
        "worker.log:10",
        "worker.log:11",
        "worker.log:12",
        "subscriptions/orders-sub",
    ]


def test_t003_handling_at_the_deadline_is_not_said_when_something_else_reports() -> None:
    [hit] = run(sub(), line("processed message 1 in 60s"), metrics(3))
    assert hit.summary == (
        "Subscription orders-sub gives each message 60 s before redelivering it, but 3 ack "
        "deadlines expired (Cloud Monitoring): messages are delivered again while still being "
        "processed"
    )
    assert [e.ref for e in hit.evidence] == ["orders-sub.yaml", "subscriptions/orders-sub"]


def test_t003_metrics_without_expired_acks_add_nothing_to_a_finding() -> None:
    for quiet in (metrics(0), metrics(None)):
        [hit] = run(sub(), line("processed message 1 in 75s", 1), quiet)
        assert "ack deadlines expired" not in hit.summary
        assert [e.ref for e in hit.evidence] == ["orders-sub.yaml", "worker.log:1"]
        assert (hit.confidence, hit.severity) == (0.65, Severity.WARNING)


def test_t003_handling_of_exactly_the_maximum_deadline_fits_in_it() -> None:
    [hit] = run(sub(), line("processed message 1 in 600s"))
    assert hit.fix.text == TEXT


def test_t003_worker_lines_after_a_push_request_still_count() -> None:
    push = sub(push="https://worker-abc.run.app/pubsub/push")
    request = LogRecord(
        Ref("exports", "requests.json#2"),
        T0,
        "INFO",
        "POST /pubsub/push",
        http=HttpInfo(method="POST", path="/pubsub/push", status=200, latency_s=5.0),
    )
    [hit] = run(push, request, line("processed message 1 in 75s", 1))
    assert "handling took up to 75 s (1 of 2 observed over the deadline)" in hit.summary


def test_redelivery_signs_in_prose_and_one_message_handled_twice() -> None:
    records = [
        line("message 4711: invoicing order MV-1 (delivery attempt 2)", 1, minute=1),
        line("message 4712: order MV-2 invoiced in 68.7s", 2, minute=2),
        line("message 4713: order MV-3 invoiced in 12.0s", 3, minute=3),
        line("message 4712: order MV-2 invoiced in 67.1s", 4, minute=4),
        line("message 4714: invoicing order MV-4 (delivery attempt 1)", 5, minute=5),
    ]
    assert [(why, r.ref.location) for why, r in redelivery_signs(records)] == [
        ("delivery attempt 2", "worker.log:1"),
        ("message 4712 handled again", "worker.log:4"),
    ]


def push_request(index: int, latency: float, path: str = "/push/orders") -> LogRecord:
    return LogRecord(
        Ref("exports", f"requests.json#{index}"),
        T0 + timedelta(minutes=index),
        "INFO",
        f"POST {path}",
        http=HttpInfo(method="POST", path=path, status=204, latency_s=latency),
    )


def test_t003_most_handling_past_the_deadline_is_an_error() -> None:
    push = sub(deadline=10, push="https://invoicer-x.run.app/push/orders")
    slow = [push_request(i, 40.0 + i) for i in range(3)]
    [hit] = run(push, *slow, push_request(3, 2.0))
    assert (hit.severity, hit.confidence) == (Severity.ERROR, 0.85)
    # near miss: fewer than half over the deadline, and no redelivery seen
    fast = [push_request(10 + i, 2.0) for i in range(4)]
    [hit] = run(push, *slow, *fast)
    assert (hit.severity, hit.confidence) == (Severity.WARNING, 0.65)
    # control: two of two over is too few to call it certain
    [hit] = run(push, *slow[:2])
    assert hit.severity is Severity.WARNING


def test_t003_on_a_push_subscription_explains_the_endpoints_slow_requests() -> None:
    push = sub(deadline=10, push="https://invoicer-x.run.app/push/orders?token=s")
    [hit] = run(push, push_request(1, 40.0))
    assert hit.explains == ("T002:services/*/POST /push/orders",)
    [pull] = run(sub(deadline=10), line("processed message 42 in 40s"))
    assert pull.explains == ()
