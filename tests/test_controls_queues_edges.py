"""Edge controls for checks/queues.py: one guard, threshold or wording per test.

Q001's Pub/Sub history (its window, its three captures, the share of the clock the head
must age, the consumer that logged through it), registrations rq will not let anyone
replace, the newest of several captures; Q002's busy workers that took nothing, two
captures in which nothing left, mixed dated and undated states; H003's twins sharing a
pid, replicas, names refused; T004's timeout read from the exception. Each test puts a
fixture on each side of a boundary and compares the outcome the boundary decides.
Records are built in-process with the builders of ``test_controls_queues``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from test_controls_queues import (
    AS_OF,
    PODS,
    _history,
    _on_pod,
    _refusal,
    _workload,
    dated,
    job_record,
    pod_worker,
    q001,
    q002,
    queue,
    run,
    t004,
)

from opsdoc.checks.queues import zombie_workers
from opsdoc.evidence import (
    CodeSite,
    Evidence,
    LogRecord,
    LogSummary,
    QueueStats,
    Record,
    Ref,
    WorkerBeat,
)
from opsdoc.findings import EvidenceItem, Hit

# -- Q001 on a Pub/Sub subscription: the history that shows nothing acknowledged ----------------


def ageing(
    minutes_ago: float,
    depth: int,
    *,
    rate: float = 1.0,
    name: str = "orders-sub",
) -> QueueStats:
    """A capture of ``name`` ``minutes_ago`` before AS_OF whose head, an hour old at AS_OF,
    aged ``rate`` times as fast as the clock."""
    return QueueStats(
        Ref("exports", f"monitoring.json:{name}@{minutes_ago:g}"),
        name,
        "pubsub",
        depth,
        oldest_age_s=3600 - rate * minutes_ago * 60,
        observed_at=AS_OF - timedelta(minutes=minutes_ago),
    )


def summaries(*records: Record) -> list[str]:
    return [h.summary for h in q001(*records)]


def test_q001_three_captures_exactly_half_an_hour_apart_are_enough_history() -> None:
    """Three captures are the fewest that can show a trend, and half an hour is the window:
    30, 15 and 0 minutes ago is exactly enough; 29 minutes is not."""
    history = [ageing(30, 1000), ageing(15, 1100), ageing(0, 1200)]
    assert summaries(*history) == [
        "1200 messages wait in subscription orders-sub and nothing acknowledged any of them: "
        "from 2026-11-23T05:30:00Z to 2026-11-23T06:00:00Z the oldest message aged from 30 min "
        "to 60 min and the backlog grew from 1000 to 1200 without ever shrinking, so no "
        "consumer is pulling (or every one it pulls fails); the oldest has waited 60 min"
    ]
    assert q001(ageing(29, 1000), ageing(15, 1100), ageing(0, 1200)) == []


def test_q001_a_head_that_aged_four_fifths_of_the_clock_still_nobody_acked() -> None:
    """Over 30 minutes the head must age at least 24 of them (0.8 of the span): exactly
    1440 s is a head nobody moved, one second less is a consumer that acked something."""
    at_bound = [ageing(30, 1000, rate=0.8), ageing(15, 1100, rate=0.8), ageing(0, 1200, rate=0.8)]
    [hit] = q001(*at_bound)
    assert hit.summary.startswith("1200 messages wait in subscription orders-sub")
    assert "the oldest message aged from 36 min to 60 min" in hit.summary
    short = [*at_bound[:2], replace(at_bound[2], oldest_age_s=3600 - 1)]
    assert q001(*short) == []


def test_q001_a_flat_step_is_not_a_shrink_but_a_backlog_that_never_grew_is_not_idle() -> None:
    """Only a fall in depth proves an ack: a step at the same depth keeps the case, while a
    backlog back at its first depth (nothing added, nothing taken) proves nothing."""
    assert len(q001(ageing(30, 1000), ageing(15, 1000), ageing(0, 1100))) == 1
    assert q001(ageing(30, 1000), ageing(15, 1000), ageing(0, 1000)) == []


def test_q001_the_history_reaches_two_hours_back_and_no_further() -> None:
    """A capture exactly two hours old opens the window (its span then covers the half hour);
    one a second older is left out, leaving ten minutes of history: too short."""
    recent = [ageing(10, 1200), ageing(5, 1300), ageing(0, 1400)]
    [hit] = q001(ageing(120, 1000), *recent)
    assert "from 2026-11-23T04:00:00Z to 2026-11-23T06:00:00Z" in hit.summary
    assert q001(ageing(120 + 1 / 60, 1000), *recent) == []


def test_q001_a_history_pasted_newest_first_reads_the_same() -> None:
    """The captures are ordered by their time, not by where they were found: the newest
    speaks for the subscription and the window runs from the oldest to it."""
    history = _history()
    forward = q001(*history)
    assert len(forward) == 1
    assert q001(*reversed(history)) == forward


def test_q001_of_two_captures_read_at_the_same_time_the_first_speaks() -> None:
    """Only a strictly newer capture replaces the one held for a subscription."""
    first = replace(queue(depth=40, backend="pubsub", name="orders-sub"), observed_at=AS_OF)
    second = replace(first, depth=7, ref=Ref("redis", "second"))
    [hit] = q001(first, second)
    assert hit.summary == (
        "40 jobs wait in orders-sub and no live worker listens on it; the oldest has waited 15 min"
    )
    assert hit.evidence[0].ref == "redis://localhost/0"


def test_q001_a_subscription_whose_source_counts_consumers_is_judged_by_the_count() -> None:
    """The metrics history stands in for a consumer count only when there is none: two
    counted consumers are live whatever the head did."""
    counted = [replace(c, consumers=2) for c in _history()]
    assert q001(*counted) == []
    assert len(q001(*_history())) == 1


def test_q001_each_subscription_has_its_own_history() -> None:
    """Another subscription's captures, read at the same times, are not part of this one's
    trend: ``audit-sub`` stays at 5 (never grew), ``orders-sub`` is the idle one."""
    audit = [ageing(m, 5, name="audit-sub") for m in range(40, -1, -5)]
    mixed = [r for pair in zip(_history(), audit, strict=True) for r in pair]
    assert [h.subject for h in q001(*mixed)] == ["queues/orders-sub"]


def test_q001_a_head_of_unknown_age_says_nothing_acked() -> None:
    """The newest capture must carry the head's age: without it the older points alone do
    not speak for the subscription now."""
    history = _history()
    history[-1] = replace(history[-1], oldest_age_s=None)
    assert q001(*history) == []


@pytest.mark.parametrize(
    ("depths", "start"),
    [((0, 0, 1), "1 message wait in subscription"), ((0, 1, 2), "2 messages wait in subscription")],
)
def test_q001_one_message_is_singular(depths: tuple[int, int, int], start: str) -> None:
    history = [ageing(m, d) for m, d in zip((40, 20, 0), depths, strict=True)]
    [summary] = summaries(*history)
    assert summary.startswith(f"{start} orders-sub and nothing acknowledged any of them")


# -- Q001: a workload that logged through the window is the consumer -----------------------------

CONSUMER = CodeSite(
    Ref("code", "k8s/deploy.yaml:2"), "long-running", "k8s/deploy.yaml", 2,
    attrs=(("replicas", "3"), ("workload", "Deployment orders-consumer")),
)  # fmt: skip
POD = "kubectl-logs-orders-consumer-7d9f-abcde"


def pod_log(
    first_ago: float | None = 120,
    last_ago: float = 1,
    errors: int = 0,
    *,
    stream: str = "file",
    resource: str = POD,
) -> LogSummary:
    """400 entries from ``first_ago`` to ``last_ago`` minutes before AS_OF."""
    return LogSummary(
        Ref("exports", f"{resource}.log"), "", resource, stream, 400, errors, 0,
        AS_OF - timedelta(minutes=first_ago) if first_ago is not None else None,
        AS_OF - timedelta(minutes=last_ago),
    )  # fmt: skip


def idle(*records: Record) -> bool:
    """Whether Q001 reports ``orders-sub`` (its 40-minute idle history) beside ``records``."""
    return bool(q001(*_history(), *records))


def test_a_consumer_must_log_until_five_minutes_before_the_capture() -> None:
    """Logging up to 5 minutes before the capture is logging through the window; a log that
    stopped 5.5 minutes before may be a consumer that just died."""
    assert not idle(CONSUMER, pod_log(last_ago=5))
    assert idle(CONSUMER, pod_log(last_ago=5.5))


def test_a_consumer_must_have_logged_since_the_start_of_the_window() -> None:
    """A log that starts exactly 30 minutes before the capture covers the window; one that
    starts 29 minutes before came up inside it (a restart, a scale-up from zero)."""
    assert not idle(CONSUMER, pod_log(first_ago=30))
    assert idle(CONSUMER, pod_log(first_ago=29))


def test_a_consumer_may_fail_one_message_in_ten() -> None:
    """40 errors in 400 entries is a consumer working through its backlog; 41 is one that
    fails what it pulls (which looks, in the metrics, like nobody acking)."""
    assert not idle(CONSUMER, pod_log(errors=40))
    assert idle(CONSUMER, pod_log(errors=41))


@pytest.mark.parametrize("stream", ["requests", "system"])
def test_request_and_platform_logs_are_not_a_consumer_working(stream: str) -> None:
    """The platform logs requests and instance events of a service that consumes nothing."""
    assert idle(CONSUMER, pod_log(stream=stream))
    # a log passed over does not end the search for the consumer's own log
    assert not idle(CONSUMER, pod_log(stream=stream), pod_log())


def test_a_log_of_unknown_span_is_passed_over() -> None:
    assert idle(CONSUMER, pod_log(first_ago=None))
    assert not idle(CONSUMER, pod_log(first_ago=None), pod_log())


def test_another_workloads_log_is_passed_over_for_the_consumers() -> None:
    assert idle(CONSUMER, pod_log(resource="kubectl-logs-web-7d9f-abcde"))
    assert not idle(CONSUMER, pod_log(resource="kubectl-logs-web-7d9f-abcde"), pod_log())


def test_only_the_last_segment_of_a_resource_names_its_workload() -> None:
    """A namespace named like the consumer does not make every pod in it the consumer."""
    assert idle(CONSUMER, pod_log(resource="namespaces/orders-consumer/pods/web-7d9f-abcde"))
    assert not idle(CONSUMER, pod_log(resource="namespaces/default/pods/" + POD))


def test_a_knative_service_is_a_workload_by_its_service_name() -> None:
    """A Cloud Run service manifest (``service-context``) names the service, not a workload."""
    service = CodeSite(
        Ref("code", "run/service.yaml:1"), "service-context", "run/service.yaml", 1,
        attrs=(("mechanism", "knative-yaml"), ("service", "orders-push")),
    )  # fmt: skip
    push = pod_log(resource="orders-push")
    assert not idle(service, push)
    assert idle(push)


def test_a_workload_name_needs_three_characters() -> None:
    """Shorter names (``qa``) would match inside any log's name; three (``ocr``) are a name."""

    def deployment(name: str) -> CodeSite:
        return replace(CONSUMER, attrs=(("replicas", "1"), ("workload", f"Deployment {name}")))

    assert not idle(deployment("ocr"), pod_log(resource="kubectl-logs-ocr-7d9f-abcde"))
    assert idle(deployment("qa"), pod_log(resource="kubectl-logs-qa-7d9f-abcde"))


# -- Q001: registrations rq will not let anyone replace --------------------------------------------


def zombie(name: str = "w1") -> WorkerBeat:
    """A busy registration whose heartbeat stopped 30 minutes ago."""
    return WorkerBeat(
        Ref("redis", f"rq:worker:{name}"),
        name,
        AS_OF - timedelta(minutes=30),
        state="busy",
        queues=("emails",),
    )


def test_q001_a_busy_registration_rq_refuses_to_replace_is_no_consumer() -> None:
    """rq refused the name to a replacement: the registration says busy, but its process is
    gone, so nobody consumes the queue."""
    [hit] = q001(queue(consumers=None), zombie(), _refusal("w1"))
    assert hit.summary == (
        "12 jobs wait in emails and no live worker listens on it; the oldest has waited 15 min "
        "(1 registered worker(s) for it are dead registrations)"
    )
    assert hit.evidence[1] == EvidenceItem(
        "redis",
        "rq:worker:w1",
        "worker w1: state busy, queues emails, last heartbeat 2026-11-23T05:30:00Z",
    )
    # without the refusal the busy registration is a live consumer
    assert q001(queue(consumers=None), zombie()) == []


def test_q001_a_consumer_count_less_the_registrations_nobody_can_replace() -> None:
    """A live source counts the zombie among its consumers: one counted, one zombie, none
    left; two counted leave one."""
    [hit] = q001(queue(consumers=1), zombie(), _refusal("w1"))
    assert (hit.subject, hit.confidence) == ("queues/emails", 0.9)
    assert q001(queue(consumers=2), zombie(), _refusal("w1")) == []


# -- Q002: busy workers whose logs show no job taken ----------------------------------------------


def busy(state: str = "busy", queues: tuple[str, ...] = ("emails",)) -> WorkerBeat:
    return WorkerBeat(Ref("exports", "rq-info.txt:9"), "w1", None, state=state, queues=queues)


def taken(minutes_ago: float, queue_name: str = "emails") -> LogRecord:
    return LogRecord(
        Ref("exports", "worker.log:1"),
        AS_OF - timedelta(minutes=minutes_ago),
        "INFO",
        f"Worker w1: {queue_name}: app.mail.send(1) (job-1)",
        instance="w1",
    )


def now(depth: int, name: str = "emails", backend: str = "rq") -> QueueStats:
    """An ``rq info`` capture dated AS_OF: no age, one worker listed."""
    stats = queue(depth=depth, oldest=None, consumers=1, name=name, backend=backend)
    return replace(stats, observed_at=AS_OF)


def test_q002_one_job_behind_busy_workers_that_took_nothing_in_full() -> None:
    [hit] = q002(now(1), busy(), taken(42))
    assert hit.summary == (
        "1 job(s) wait in emails and its worker logs show no job taken from it since "
        "2026-11-23T05:18:00Z, 42 min before this capture (threshold 10 min), every worker of "
        "it busy"
    )
    # an empty queue waits for nothing
    assert q002(now(0), busy(), taken(42)) == []


def test_q002_a_worker_in_rqs_started_state_is_busy() -> None:
    assert len(q002(now(5), busy("started"), taken(42))) == 1
    assert q002(now(5), busy("idle"), taken(42)) == []


def test_q002_no_job_ever_taken_from_the_queue_is_no_date() -> None:
    """The logs must show a job taken from this queue to date the stall."""
    assert q002(now(5), busy(), taken(42, "reports")) == []


def test_q002_no_job_taken_for_exactly_the_threshold_is_not_yet_a_stall() -> None:
    assert q002(now(5), busy(), taken(10)) == []
    assert len(q002(now(5), busy(), taken(10 + 1 / 60))) == 1


def test_q002_only_a_dated_rq_capture_can_be_stalled() -> None:
    """An undated state cannot be compared with the log's clock; a Pub/Sub subscription has
    no rq workers whose logs say what they took."""
    assert q002(queue(depth=5, oldest=None), busy(), taken(42)) == []
    assert q002(now(5, backend="pubsub"), busy(), taken(42)) == []


def test_q002_an_old_head_is_said_once_not_with_the_busy_workers_beside_it() -> None:
    """When the head's age already says the backlog is old, the stalled workers are not
    added to it (even once another queue read the logs)."""
    empty = now(0, name="a-empty")
    old = replace(now(5, name="b-old"), oldest_age_s=700)
    [hit] = q002(empty, old, busy(queues=("a-empty", "b-old")), taken(42, "b-old"))
    assert hit.summary == "the oldest of 5 waiting in b-old has waited 12 min (threshold 10 min)"


def test_q002_an_old_head_is_said_once_not_with_the_captures_in_which_nothing_left() -> None:
    first = dated(10, 0, consumers=0)
    last = replace(dated(10, 21, consumers=0), oldest_age_s=1500)
    [hit] = q002(first, last)
    assert hit.summary == "the oldest of 10 waiting in emails has waited 25 min (threshold 10 min)"


# -- Q002: two captures in which nothing left the queue --------------------------------------------


def test_q002_one_job_that_waited_through_two_captures_in_full() -> None:
    """A single job and an unchanged depth: the bounds of "waiting" and "did not fall"."""
    [hit] = q002(dated(1, 0, consumers=0), dated(1, 21, consumers=0))
    assert hit.summary == (
        "1 job(s) waited in emails at 2026-11-23T05:00:00Z and 21 min later none had finished, "
        "failed or started while the backlog went to 1: its oldest job has waited at least "
        "21 min (threshold 10 min)"
    )


def test_q002_captures_exactly_the_threshold_apart_prove_no_wait_beyond_it() -> None:
    assert q002(dated(3351, 0, consumers=0), dated(3412, 10, consumers=0)) == []
    assert len(q002(dated(3351, 0, consumers=0), dated(3412, 10.5, consumers=0))) == 1


def test_q002_a_job_running_at_both_captures_is_movement() -> None:
    """Nothing finished, failed or started in between, but a job runs at the second capture:
    a worker took it, so the list moved."""
    first = replace(dated(3351, 0, consumers=0), started=1)
    last = replace(dated(3412, 21, consumers=0), started=1)
    assert q002(first, last) == []
    assert len(q002(first, replace(last, started=0, failed=1))) == 1  # abandoned, then failed


def test_q002_an_undated_state_beside_a_dated_capture_is_no_pair() -> None:
    """Two states of which one has no time span nothing: neither growth nor a stall."""
    assert q002(queue(depth=5, oldest=None, consumers=0), dated(5, 21, consumers=0)) == []


def test_q002_a_backlog_that_doubled_by_fewer_than_a_hundred_jobs_is_no_trend() -> None:
    assert q002(dated(40, 0), dated(80, 5)) == []
    assert len(q002(dated(100, 0), dated(200, 5))) == 1


def test_q002_growth_is_timed_from_the_first_state_to_the_last_when_both_are_dated() -> None:
    """Three states, not all dated, stay in the order given; the span needs the first and the
    last dated, whatever the one between."""
    middle = queue(depth=9, oldest=None, consumers=3, where="snap1")
    [hit] = q002(dated(5, 0), middle, dated(14, 21))
    assert (
        hit.summary
        == "depth grew 5 -> 9 -> 14 in 21 min with 3 live consumer(s): they do not keep up"
    )
    undated_first = queue(depth=5, oldest=30, consumers=3, where="snap0")
    [hit] = q002(undated_first, middle, dated(14, 21))
    assert hit.summary == "depth grew 5 -> 9 -> 14 with 3 live consumer(s): they do not keep up"


# -- H003: registrations sharing a pid, expired ones, their origins ------------------------------


def test_h003_expired_and_twin_registrations_of_one_origin_in_one_finding() -> None:
    """One finding per origin gives both reasons, each with its count; a twin among the dead
    lowers the confidence only when every dead one is a twin."""
    expired = replace(pod_worker("x9", "other-host", pid=4, beat=30), state="expired")
    records = [pod_worker("a1", "ocr-2xkqp", beat=30), pod_worker("a2", "ocr-2xkqp", beat=1)]
    [hit] = run(zombie_workers, *records, expired)
    assert hit.summary == (
        "2 registered workers are dead registrations (a1, x9): 1 expired without unregistering; "
        "1 share a host and pid with another registration (e.g. ocr-2xkqp pid 1: one process "
        "holds a pid on a host, so those registrations are left by workers that died there); "
        "1 live"
    )
    assert (hit.subject, hit.confidence) == ("workers", 0.95)


def test_h003_of_two_registrations_on_one_pid_the_one_that_beat_last_may_live() -> None:
    """Exactly two names on a host and pid are enough; the dead one is the one whose beat is
    older, whatever the names' order."""
    [hit] = run(
        zombie_workers,
        pod_worker("a1", "ocr-2xkqp", beat=1),
        pod_worker("a2", "ocr-2xkqp", beat=30),
    )
    assert hit.summary == (
        "1 registered worker is a dead registration (a2): 1 share a host and pid with another "
        "registration (e.g. ocr-2xkqp pid 1: one process holds a pid on a host, so those "
        "registrations are left by workers that died there); 1 live"
    )
    assert hit.confidence == 0.8


def test_h003_a_registration_without_a_beat_is_older_than_any_that_beat() -> None:
    [hit] = run(
        zombie_workers, pod_worker("a1", "ocr-2xkqp"), pod_worker("a2", "ocr-2xkqp", beat=5)
    )
    assert hit.summary.startswith("1 registered worker is a dead registration (a1): ")


def test_h003_an_expired_registration_is_not_a_twin_of_the_live_one_on_its_pid() -> None:
    """The expired one is already reported as expired; the live one beside it is not dead."""
    expired = replace(pod_worker("a1", "ocr-2xkqp", beat=30), state="expired")
    [hit] = run(zombie_workers, expired, pod_worker("a2", "ocr-2xkqp", beat=1))
    assert hit.summary == "1 registered worker expired without unregistering (a1); 1 live"


def test_h003_one_finding_per_export_file() -> None:
    """Two ``rq info`` files are two origins; the line number is not part of the origin."""
    records = [
        WorkerBeat(Ref("exports", f"rq-{f}.txt:{n}"), f"w{f}{n}", None, state="expired")
        for f, n in (("a", 4), ("a", 5), ("b", 9))
    ]
    hits = run(zombie_workers, *records)
    assert [(h.subject, h.summary) for h in hits] == [
        (
            "workers/rq-a.txt",
            "2 registered workers expired without unregistering (wa4, wa5); 0 live",
        ),
        ("workers/rq-b.txt", "1 registered worker expired without unregistering (wb9); 0 live"),
    ]


def test_h003_an_expired_registration_on_a_fourth_pod_is_not_counted_as_a_pod() -> None:
    """Expired registrations are reported as such; the pods counted against the replicas are
    those of live registrations."""
    expired = replace(_on_pod(PODS[3]), state="expired")
    hits = run(zombie_workers, _workload(), *(_on_pod(s) for s in PODS[:3]), expired)
    assert [h.subject for h in hits] == ["workers"]


def test_h003_each_workload_is_counted_on_its_own() -> None:
    """A StatefulSet is not counted (its pods are not named like a Deployment's), and a
    Deployment within its count does not stop the count of the next one."""
    stateful = replace(
        _workload(), attrs=(("replicas", "1"), ("workload", "StatefulSet feeds-worker"))
    )
    records = [stateful, _workload(name="mailer", replicas="1"), _workload()]
    hits = run(zombie_workers, *records, *(_on_pod(s) for s in PODS))
    assert [h.summary.split(":")[0] for h in hits] == [
        "6 pods of Deployment feeds-worker have workers registered, but it runs 3 replica(s)"
    ]


# -- H003: registrations of workers that are gone, named ------------------------------------------


def _spots(hosts: dict[str, str], queues: tuple[str, ...] = ()) -> Evidence:
    """Workers (name -> host) whose beat is 30 min old, on instances preempted since."""
    e = Evidence(as_of=AS_OF)
    at = AS_OF - timedelta(minutes=30)
    for w, h in hosts.items():
        e.add([WorkerBeat(Ref("exports", f"{w}.json"), w, at, 7, "busy", queues, host=h)])
    for h in sorted(set(hosts.values())):
        e.add([
            LogRecord(
                Ref("exports", f"ops.json#{h}"), AS_OF - timedelta(minutes=28), "WARNING",
                f"Compute Engine instance {h}: Instance was preempted.",
                stream="system", resource_type="gce_instance", instance=h,
            )
        ])  # fmt: skip
    return e


def _gone(e: Evidence) -> Hit:
    [hit] = [h for h in zombie_workers(e) if h.subject == "workers/gone-but-registered"]
    return hit


def test_h003_six_gone_on_four_instances_names_five_and_three() -> None:
    hosts = {f"w{i}": f"spot-{i % 4}" for i in range(6)}
    hit = _gone(_spots(hosts, ("ingest", "mail")))
    assert hit.summary == (
        "6 registered workers (w0, w1, w2, w3, w4 ...) are gone but still registered, "
        "heartbeats up to 30 min old: the instances they ran on ended after their last "
        "heartbeat (spot-0, spot-1, spot-2 ...). The processes died without unregistering, "
        "and rq counts them as consumers of ingest, mail until their keys expire"
    )
    assert [e.ref for e in hit.evidence] == [
        "w0.json", "ops.json#spot-0", "w1.json", "ops.json#spot-1", "w2.json", "ops.json#spot-2",
    ]  # fmt: skip


def test_h003_five_gone_on_three_instances_are_named_whole() -> None:
    hosts = {f"w{i}": f"spot-{i % 3}" for i in range(5)}
    hit = _gone(_spots(hosts))
    assert hit.summary == (
        "5 registered workers (w0, w1, w2, w3, w4) are gone but still registered, heartbeats "
        "up to 30 min old: the instances they ran on ended after their last heartbeat (spot-0, "
        "spot-1, spot-2). The processes died without unregistering, and rq counts them as "
        "consumers of their queues until their keys expire"
    )


# -- T004: the timeout the exception states ------------------------------------------------------


def test_t004_a_jobs_own_timeout_wins_over_the_one_its_exception_states() -> None:
    """The exception's value fills in a timeout the record lacks; it does not replace one
    the job record carries (nor is it needed to count the run as killed)."""
    stated = "JobTimeoutException: Task exceeded maximum timeout value (180 seconds)"
    [hit] = t004(job_record("a", stated, started=400, ended=200, timeout=300))
    assert hit.summary == (
        "1 observed run of app.send: 1 killed by the 5 min job timeout (longest observed 3 min)"
    )
    [hit] = t004(job_record("a", "JobTimeoutException", started=400, ended=200, timeout=300))
    assert hit.summary.startswith("1 observed run of app.send: 1 killed by the 5 min job timeout")


def test_q001_a_manifest_without_a_name_is_known_by_its_service() -> None:
    """A manifest with no ``metadata.name`` gives the workload ``Deployment`` alone: its kind
    is no name, so the consumer is known by the service it runs."""
    attrs = {
        "replicas": "2",
        "workload": "Deployment",
        "service": "orders-consumer",
        "settings": "projects/p/subscriptions/orders-sub 10",
    }
    consumer = CodeSite(
        Ref("code", "k8s/consumer.yaml:2"), "long-running", "k8s/consumer.yaml", 2,
        attrs=tuple(sorted(attrs.items())),
    )  # fmt: skip
    log = LogSummary(
        Ref("exports", "kubectl-logs-orders-consumer-7d9f-abcde.log"), "",
        "kubectl-logs-orders-consumer-7d9f-abcde", "file", 400, 0, 0,
        AS_OF - timedelta(hours=2), AS_OF - timedelta(minutes=1),
    )  # fmt: skip
    assert q001(*_history(), consumer, log) == []
