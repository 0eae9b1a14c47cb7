"""T003: Pub/Sub ack deadline shorter than processing time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.pubsub import ack_deadline_too_short, processing_seconds
from opsdoc.evidence import Evidence, HttpInfo, LogRecord, QueueStats, Ref, Subscription
from opsdoc.findings import Severity

AT = datetime(2025, 11, 4, 5, 0, tzinfo=UTC)
SUB = "projects/p/subscriptions/orders-sub"


def sub(ack: float = 10, push: str = "") -> Subscription:
    return Subscription(
        Ref("gcp-pubsub", SUB), name="orders-sub", ack_deadline_s=ack, push_endpoint=push
    )


def log(message: str, i: int = 0, http: HttpInfo | None = None) -> LogRecord:
    return LogRecord(Ref("gcp-logging", f"log#{i}"), AT, "INFO", message, http=http)


def hits(*records: object) -> list:
    ev = Evidence(as_of=AT)
    ev.add(records)  # type: ignore[arg-type]
    return list(ack_deadline_too_short(ev))


def test_processing_longer_than_the_deadline_is_reported() -> None:
    (hit,) = hits(
        sub(10), log("processed message 8123 in 95.2s", 1), log("processed message 1 in 2s", 2)
    )
    assert hit.subject == "subscriptions/orders-sub"
    assert "95.2 s" in hit.summary and "1 of 2" in hit.summary
    assert hit.severity == Severity.WARNING
    assert "--ack-deadline=143" in hit.fix.commands[0]
    assert [e.ref for e in hit.evidence] == [SUB, "log#1", "log#2"]


def test_fast_processing_is_fine() -> None:
    assert hits(sub(60), log("processed message 1 in 2.5s"), log("took 30 s for message 2")) == []


def test_expired_ack_deadlines_are_proof() -> None:
    stats = QueueStats(
        Ref("gcp-monitoring", SUB), queue="orders-sub", backend="pubsub", depth=5, expired_acks=12
    )
    (hit,) = hits(sub(600), stats)
    assert hit.severity == Severity.ERROR and hit.confidence >= 0.9
    assert "12 ack deadlines expired" in hit.summary


def test_no_expired_acks_and_no_durations_no_finding() -> None:
    stats = QueueStats(
        Ref("gcp-monitoring", SUB), queue="orders-sub", backend="pubsub", depth=5, expired_acks=0
    )
    assert hits(sub(10), stats, log("worker started")) == []


def test_push_latency_counts_for_push_subscriptions() -> None:
    slow = log(
        "POST 200", 3, HttpInfo(method="POST", path="/pubsub/push", status=200, latency_s=45.0)
    )
    (hit,) = hits(sub(20, push="https://svc.run.app/pubsub/push"), slow)
    assert "45 s" in hit.summary


def test_beyond_the_maximum_deadline_the_fix_says_to_move_work() -> None:
    (hit,) = hits(sub(600), log("processed message 7 in 42 min"))
    assert "--ack-deadline=600" in hit.fix.commands[0]
    assert "maximum deadline" in hit.fix.text


def test_lines_without_processing_context_are_ignored() -> None:
    assert processing_seconds("Listening on port 8080 in 3s") is None
    assert processing_seconds("handled message took 1500ms") == 1.5
    assert processing_seconds("Processed job abc in 2.5 min") == 150.0


# Durations as workers really print them; idle lines are not processing time.
@pytest.mark.parametrize(
    ("line", "seconds"),
    [
        ("summarised doc 81 in 55.6s", 55.6),
        ("approve in 74.9s", 74.9),
        ("message 7 took 3m12s", 192.0),
        ('{"event": "processed", "message_id": "81", "duration_ms": 74000}', 74.0),
        ("handled order=991 seconds=31.5", 31.5),
        ("processed=0, waiting for messages (96 min)", None),
        ("no messages, sleeping 30s", None),
        ("retrying in 5s", None),
        ("worker started in 12s", None),
    ],
)
def test_processing_times_in_their_many_spellings(line: str, seconds: float | None) -> None:
    assert processing_seconds(line) == seconds


def test_an_idle_worker_is_not_slow_processing() -> None:
    # The repo's own job log: 96 idle minutes are not 96 minutes of handling.
    assert hits(sub(10), log("processed=0, waiting for messages (96 min)")) == []


@pytest.mark.parametrize(
    "sign",
    [
        "Dropping 3 items because they were leased too long.",
        '{"message": "processed", "message_id": "77", "delivery_attempt": 3, "seconds": 4}',
    ],
)
def test_redelivery_signs_with_observed_processing_are_reported(sign: str) -> None:
    (hit,) = hits(sub(10), log("processed message 5 in 4.0s", 1), log(sign, 2))
    assert "redelivery sign" in hit.summary
    assert "log#2" in [e.ref for e in hit.evidence]


def at(rec: LogRecord, seconds: float) -> LogRecord:
    from dataclasses import replace

    return replace(rec, timestamp=AT + timedelta(seconds=seconds))


def test_a_message_started_twice_is_a_redelivery() -> None:
    (hit,) = hits(
        sub(10),
        at(log("processing message 4411", 1), 0),
        at(log("processing message 4411", 2), 11),  # back once its 10 s deadline ran out
        at(log("processed message 4411 in 3s", 3), 14),
    )
    assert "message 4411 started again" in hit.summary


def test_a_message_back_long_before_its_deadline_was_failed_not_expired() -> None:
    """Redelivered 46 s after a 25 s attempt, on a 600 s deadline: the first attempt was
    answered with an error or lost with its instance (E005), not kept past its deadline.
    Later attempts follow the retry backoff and do not count."""
    assert (
        hits(
            sub(600),
            at(log("received doc message_id=5150 delivery_attempt=1", 1), 0),
            at(log("processed message 5150 in 25s", 2), 25),
            at(log("received doc message_id=5150 delivery_attempt=2", 3), 46),
            at(log("received doc message_id=5150 delivery_attempt=3", 4), 400),
        )
        == []
    )


def test_redelivery_signs_without_processing_lines_say_nothing() -> None:
    # A delivery attempt counter alone could be a crash retry: no processing time, no T003.
    assert hits(sub(10), log('{"delivery_attempt": 2}', 1)) == []


def _json(msg_id: int, attempt: int, took: float | None = None) -> str:
    extra = f', "took_s": {took}' if took is not None else ""
    return f'{{"message": "filed line", "msg_id": "{msg_id}", "attempt": {attempt}{extra}}}'


def test_quick_messages_redelivered_after_their_deadline_are_reported() -> None:
    # A batch pulled at once and worked one message at a time: each takes 3 s, yet the
    # later ones wait past the 30 s deadline and come back (structured ``attempt`` field
    # beside a message id). The time from pull to ack is what outlives the deadline.
    records = [at(log(_json(i, 1, 3.0), i), 3 * i) for i in range(1, 21)]
    records += [at(log(_json(i, 2), 20 + i), 65 + 3 * i) for i in range(11, 16)]
    (hit,) = hits(sub(30), *records)
    assert "5 redelivery sign(s) (delivery attempt 2)" in hit.summary
    assert "no message took more than 3 s" in hit.summary
    assert hit.severity == Severity.ERROR


def test_an_attempt_field_without_a_message_id_is_not_a_delivery_attempt() -> None:
    # ``attempt=2`` alone numbers an application's own retries of one call.
    assert (
        hits(
            sub(30),
            at(log("processed message 1 in 3s", 1), 0),
            at(log("calling ledger attempt=2", 2), 50),
            at(log("calling ledger attempt=3", 3), 90),
        )
        == []
    )


def test_a_streaming_pull_consumer_quick_and_redelivered_is_no_deadline_too_short() -> None:
    """The streaming-pull client extends each held message's lease, so quick callbacks
    that come back (a stream reset, a pod whose other callbacks hung) do not say the ack
    deadline is too short: the finding stays a warning and says nothing of pull-to-ack."""
    from opsdoc.evidence import CodeSite, Ref

    consumer = CodeSite(
        Ref("code", "enricher/__main__.py:34"), "pubsub-consumer", "enricher/__main__.py", 34,
        attrs=(("mode", "streaming"),),
    )  # fmt: skip
    records = [at(log(_json(i, 1, 1.0), i), 2 * i) for i in range(1, 11)]
    records += [at(log(_json(i, 2), 20 + i), 300 + i) for i in range(1, 6)]
    (unary,) = hits(sub(60), *records)
    assert unary.severity == Severity.ERROR and "pull to ack" in unary.summary
    (streaming,) = hits(sub(60), consumer, *records)
    assert streaming.severity == Severity.WARNING
    assert "pull to ack" not in streaming.summary


def test_a_push_subscription_explains_its_endpoints_slow_requests() -> None:
    """The deliveries of a push subscription are POSTs to its endpoint: T003 explains the
    slow-request finding of the handler serving that path (and of the service's route),
    not of a GET on the same path."""
    from opsdoc.evidence import CodeSite, Ref

    def handler(method: str, line: int) -> CodeSite:
        return CodeSite(
            Ref("code", f"app/main.py:{line}"), "http-handler", "app/main.py", line,
            attrs=(("method", method), ("route", "/pubsub/push")),
        )  # fmt: skip

    def request(path: str) -> LogRecord:
        info = HttpInfo("POST", f"https://svc-abc.a.run.app{path}", path, 200, 95.0)
        return log(f"POST {path}", 1, http=info)

    push = sub(10, push="https://svc-abc.a.run.app/pubsub/push")
    (hit,) = hits(push, handler("GET", 5), handler("POST", 12), request("/pubsub/push"))
    assert hit.explains == ("T002:app/main.py:12", "T002:services/*/POST /pubsub/push")
    (root,) = hits(sub(10, push="https://svc-abc.a.run.app"), request("/"))
    assert root.explains == ("T002:services/*/POST /",)


def test_three_redeliveries_are_proof_and_two_are_a_warning() -> None:
    records = [at(log(_json(i, 1, 3.0), i), 3 * i) for i in range(1, 21)]
    again = [at(log(_json(i, 2), 20 + i), 65 + 3 * i) for i in range(1, 4)]
    (three,) = hits(sub(30), *records, *again)
    assert three.severity == Severity.ERROR
    (two,) = hits(sub(30), *records, *again[:2])
    assert two.severity == Severity.WARNING
