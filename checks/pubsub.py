"""Pub/Sub delivery: messages whose handling outlives the time the subscription gives it."""

from __future__ import annotations

import math
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from opsdoc.check_helpers import handler_for, human_seconds, log_quote
from opsdoc.evidence import Evidence, LogRecord, QueueStats, Subscription
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.plugin import check

MAX_ACK_DEADLINE_S = 600.0
"""The largest ack deadline Pub/Sub accepts."""

_UNITS = r"(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)"
_DURATION = re.compile(
    r"(?i)\b(?:processed|handled|completed|finished|done|took|processing\s+took|"
    r"duration|elapsed|ran)\b[^\n]{0,60}?"
    r"(?:\bin\b|\btook\b|[=:]|\bafter\b|\bfor\b)?\s*"
    r"(\d+(?:\.\d+)?)\s*" + _UNITS + r"\b"
)
_IN_DURATION = re.compile(r"(?i)\b(?:in|took|after)\s+(\d+(?:\.\d+)?)\s*" + _UNITS + r"\b")
_COMPOUND = re.compile(r"(?i)\b(?:(\d+)h\s?)?(\d+)m\s?(\d+(?:\.\d+)?)s\b")
_FIELD = re.compile(
    r"(?i)\"?\b(duration|elapsed|latency|processing_time|seconds|took)"
    r"(_ms|_s|_sec|_seconds)?\"?\s*[=:]\s*\"?(\d+(?:\.\d+)?)(ms|s)?\b"
)
_PROCESSING = re.compile(
    r"(?i)\b(?:message|msg|job|task|event|payload|processed|handled|ack|doc|document|item|"
    r"record|order|file|batch|request|summari[sz]ed|approved?|rendered|done)"
)
_IDLE = re.compile(
    r"(?i)\b(?:waiting|idle|sleep(?:ing)?|no messages?|nothing to do|polling|heartbeat|uptime|"
    r"retry(?:ing)? in|backoff|next (?:poll|run|check)|timeout=|start(?:ed|ing|up)|boot(?:ed)?|"
    r"warm(?:ed)?|loaded|connected|listening)\b|\b(?:processed|received|handled)[=: ]+0\b"
)
_UNIT = {"ms": 0.001, "mi": 0.001, "s": 1.0, "se": 1.0, "m": 60.0, "h": 3600.0, "ho": 3600.0}

LEASE_EXPIRED = re.compile(r"Dropping (\d+) items? because they were leased too long")
"""The streaming-pull client's warning when messages outlive ``max_lease_duration``."""
_ATTEMPT = re.compile(
    r"(?i)\bdelivery[_ ]?attempts?[\"']?\s*[=:#]?\s*[\"']?(\d+)|"
    r"(?:^|[\s{,])[\"']?attempts?[\"']?\s*[=:]\s*[\"']?(\d+)"
)
"""``delivery_attempt=3`` in any spelling, or an ``attempt`` field (``"attempt": 2``,
``attempt=2``) on a line that also names the message (`_attempt`)."""
_MESSAGE_ID = re.compile(
    r"(?i)\b(?:message|msg)[_ -]?id[\"']?\s*[=:#]\s*[\"']?([\w-]+)|"
    r"\bmessage(?:[_ ]?id)?[\"']?\s*[=:#]?\s*[\"']?([0-9a-f-]{4,}|\d{3,})\b"
)
"""A message id: an explicit id field (``msg_id=41``, ``"messageId": "9f3a"``) holds any
value; after the bare word (``message 8123``) only a long number or hex id counts."""


def _message_id(text: str) -> str | None:
    m = _MESSAGE_ID.search(text)
    return None if m is None else m.group(1) or m.group(2)


def _attempt(text: str) -> int | None:
    """The delivery attempt a line reports. A bare ``attempt`` field counts only beside
    a message id: alone it may number an application's own retries of one call."""
    m = _ATTEMPT.search(text)
    if m is None:
        return None
    if m.group(1) is not None:
        return int(m.group(1))
    return int(m.group(2)) if _message_id(text) is not None else None


_STARTS = re.compile(r"(?i)\b(?:received|receiving|processing|start(?:ed|ing)?|handling|got)\b")


def _factor(unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("mil") or unit == "ms":
        return 0.001
    if unit.startswith("mi") or unit == "m":
        return 60.0
    if unit.startswith("h"):
        return 3600.0
    return 1.0


def processing_seconds(message: str) -> float | None:
    """The processing time a worker's log line reports (``processed message 42 in 812.4s``,
    ``summarised doc 81 in 55.6s``, ``took 3m12s``, ``duration_ms=74000``).

    Idle and waiting lines (``processed=0, waiting for messages (96 min)``) report how
    long nothing happened, not how long something took: they never count.
    """
    if _IDLE.search(message):
        return None
    compound = _COMPOUND.search(message)
    if compound:
        hours = float(compound.group(1) or 0)
        return hours * 3600 + float(compound.group(2)) * 60 + float(compound.group(3))
    field_match = _FIELD.search(message)
    if field_match:
        value = float(field_match.group(3))
        unit, suffix = field_match.group(4), field_match.group(2)
        if unit:
            return value * _factor(unit)
        # no unit after the number: the field's name says it (duration_ms), else seconds
        return value * (0.001 if suffix is not None and suffix.lower() == "_ms" else 1.0)
    if not _PROCESSING.search(message):
        return None
    match = _DURATION.search(message) or _IN_DURATION.search(message)
    if not match:
        return None
    return float(match.group(1)) * _factor(match.group(2))


def redelivery_signs(records: list[LogRecord]) -> list[tuple[str, LogRecord]]:
    """Log lines showing messages delivered again: the client dropping leases that
    expired, ``delivery_attempt`` above 1, or one message id started twice."""
    signs: list[tuple[str, LogRecord]] = []
    started: set[str] = set()
    finished: set[str] = set()
    for rec in sorted(records, key=lambda r: (r.timestamp is None, r.timestamp)):
        text = rec.message
        if m := LEASE_EXPIRED.search(text):
            signs.append((f"the client dropped {m.group(1)} expired lease(s)", rec))
            continue
        attempt = _attempt(text)
        if attempt is not None and attempt > 1:
            signs.append((f"delivery attempt {attempt}", rec))
            continue
        mid = _message_id(text)
        if mid and processing_seconds(text) is not None:  # one message handled to the end twice
            if mid in finished:
                signs.append((f"message {mid} handled again", rec))
            finished.add(mid)
            continue
        if mid and _STARTS.search(text) and not _IDLE.search(text):
            if mid in started:
                signs.append((f"message {mid} started again", rec))
            else:
                started.add(mid)
    return signs


def _back_before_deadline(ev: Evidence, deadline: float) -> bool:
    """Every message the logs show delivered again came back in less than half its ack
    deadline: Pub/Sub redelivers that soon only a message that was nacked, answered with
    an error or lost with its instance, never one whose deadline ran out."""
    first: dict[str, datetime] = {}
    gaps: dict[str, float] = {}
    """Per message, the time to its first redelivery (later ones follow the retry backoff)."""
    for rec in sorted(
        (r for r in ev.of(LogRecord) if r.timestamp is not None), key=lambda r: r.timestamp
    ):
        mid = _message_id(rec.message)
        if mid is None or not (_attempt(rec.message) is not None or _STARTS.search(rec.message)):
            continue
        assert rec.timestamp is not None
        seen = first.get(mid)
        if seen is None:
            first[mid] = rec.timestamp
        elif mid not in gaps:
            gaps[mid] = (rec.timestamp - seen).total_seconds()
    return bool(gaps) and all(g < 0.5 * deadline for g in gaps.values())


@dataclass
class _Observed:
    seconds: list[tuple[float, EvidenceItem]] = field(default_factory=list)

    def longest(self) -> float:
        return max((s for s, _ in self.seconds), default=0.0)

    def top(self, n: int = 3) -> list[EvidenceItem]:
        return [item for _, item in sorted(self.seconds, key=lambda x: -x[0])[:n]]


def _observed(ev: Evidence, subs: list[Subscription]) -> dict[str, _Observed]:
    """Processing times per subscription: worker log lines and push-request latencies.

    A line that names a subscription counts for it; with a single subscription in
    the evidence every processing line is taken to be about it.
    """
    out = {s.name: _Observed() for s in subs}
    single = subs[0].name if len(subs) == 1 else ""
    # an endpoint with no path (``https://svc.a.run.app``) is pushed to at ``/``
    push_paths = {s.name: urlsplit(s.push_endpoint).path or "/" for s in subs if s.push_endpoint}
    for rec in ev.of(LogRecord):
        if rec.http is not None and rec.http.latency_s is not None:
            for name, path in push_paths.items():
                if path and rec.http.path == path:
                    out[name].seconds.append((rec.http.latency_s, log_quote(rec)))
            continue
        seconds = processing_seconds(rec.message)
        if seconds is None:
            continue
        named = [s.name for s in subs if s.name and s.name in rec.message]
        for name in named or ([single] if single else []):
            out[name].seconds.append((seconds, log_quote(rec)))
    return out


@check(
    "T003",
    "Pub/Sub ack deadline shorter than processing time",
    needs={Subscription},
    any_of={LogRecord, QueueStats},
    severity=Severity.WARNING,
    root_cause=True,
)
def ack_deadline_too_short(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Compares each Pub/Sub subscription's ack deadline with the processing times
    its workers report (log lines such as `processed message 42 in 812 s`, or the
    latency of push requests to the subscription's endpoint), and reports
    subscriptions whose ack deadlines Cloud Monitoring saw expire
    (`expired_ack_deadlines_count` > 0).

    ## Why is this bad?
    When a message is not acknowledged within the ack deadline, Pub/Sub
    delivers it again, possibly to another worker while the first one is still
    busy. Long jobs then run twice or more, side effects repeat (two e-mails,
    two charges), the backlog never drains and cost multiplies, while every
    worker looks healthy.

    ## Example
    ```text
    subscription ack deadline: 10 s
    worker log: processed message 8123 in 95.2s
    ```
    Raise the deadline to cover the slowest message (at most 600 s), or extend
    the lease while working (the streaming-pull client does so up to its
    `max_lease_duration`; synchronous pull must call `modify_ack_deadline`):
    ```sh
    gcloud pubsub subscriptions update SUB --ack-deadline=180
    ```

    ## Fix safety
    No automatic fix: a longer deadline also delays redelivery after a real
    crash. Handlers should be idempotent either way.

    ## References
    Pub/Sub: lease management and ack deadlines; subscription properties
    (`ackDeadlineSeconds`); metric `subscription/expired_ack_deadlines_count`.
    """
    subs = [s for s in ev.of(Subscription) if s.name]
    observed = _observed(ev, subs)
    streaming = any(site.attr("mode") == "streaming" for site in ev.code("pubsub-consumer"))
    stats = {q.queue: q for q in ev.of(QueueStats) if q.backend == "pubsub"}
    for sub in subs:
        deadline = sub.ack_deadline_s or 10.0
        seen = observed[sub.name]
        longest = seen.longest()
        expired = stats.get(sub.name)
        expired_n = expired.expired_acks if expired is not None and expired.expired_acks else 0
        redelivered = redelivery_signs(ev.of(LogRecord)) if len(subs) == 1 else []
        if redelivered and longest <= deadline and _back_before_deadline(ev, deadline):
            redelivered = []  # nacked, answered 5xx or lost with its instance: not the deadline
        if redelivered and sub.push_endpoint and seen.seconds and longest <= deadline:
            # A push is acked by its response: every request answered within the deadline
            # means the redeliveries followed failed answers (5xx, a lost connection).
            redelivered = []
        # A streaming pull extends the lease of every message its client holds: quick
        # handling redelivered is a stream or a process lost, not a deadline too short.
        quick_redelivery = not (streaming and seen.seconds and longest <= deadline)
        if longest <= deadline and not expired_n and not (redelivered and seen.seconds):
            continue
        evidence: list[EvidenceItem] = [
            quote(
                sub.ref.source,
                sub.ref.location,
                f"subscription {sub.name}: ack deadline {human_seconds(deadline)}",
            ),
        ]
        parts = []
        if longest > deadline:
            parts.append(
                f"handling took up to {human_seconds(longest)} "
                f"({len([s for s, _ in seen.seconds if s > deadline])} of "
                f"{len(seen.seconds)} observed over the deadline)"
            )
            evidence.extend(seen.top())
        if redelivered:
            sign = f"the logs show {len(redelivered)} redelivery sign(s) ({redelivered[0][0]})"
            if seen.seconds and longest <= deadline and quick_redelivery:
                # each message is quick, so what outlives the deadline is the wait
                # between pull and ack: a batch worked one by one, a lease ended early
                sign += (
                    f", though no message took more than {human_seconds(longest)} to "
                    "handle: the time from pull to ack (a batch worked through one message "
                    "at a time, a lease that stops before the ack) outlives the deadline"
                )
            parts.append(sign)
            evidence.extend(log_quote(rec) for _, rec in redelivered[:3])
        if expired_n and expired is not None:
            parts.append(f"{expired_n:,} ack deadlines expired (Cloud Monitoring)")
            evidence.append(
                quote(
                    expired.ref.source,
                    expired.ref.location,
                    f"expired_ack_deadlines_count={expired_n} depth={expired.depth}",
                )
            )
        wanted = min(MAX_ACK_DEADLINE_S, float(math.ceil(max(longest * 1.5, deadline * 2))))
        commands = [
            f"gcloud pubsub subscriptions update {shlex.quote(sub.name)} "
            f"--ack-deadline={wanted:.0f}"
        ]
        text = (
            "Give each message more time than its slowest handling: raise the ack deadline, "
            "or keep extending the lease while working (streaming pull does this up to "
            "max_lease_duration; synchronous pull must call modify_ack_deadline). Make the "
            "handler idempotent, since redelivery can still happen."
        )
        if longest > MAX_ACK_DEADLINE_S:
            text += (
                f" Handling takes longer than the {MAX_ACK_DEADLINE_S:.0f} s maximum deadline: "
                "ack quickly and hand the long work to a job or queue that tracks it."
            )
        over = [s for s, _ in seen.seconds if s > deadline]
        # Redelivery seen, or most handling past the deadline: duplicates are happening.
        certain = (
            bool(expired_n)
            or bool(
                over and (redelivered or (len(over) >= 3 and 2 * len(over) >= len(seen.seconds)))
            )
            or (len(redelivered) >= 3 and quick_redelivery)  # repeated, not back early
        )
        yield Hit(
            subject=f"subscriptions/{sub.name}",
            summary=(
                f"Subscription {sub.name} gives each message {human_seconds(deadline)} before "
                f"redelivering it, but {' and '.join(parts)}: messages are delivered again "
                "while still being processed"
            ),
            evidence=tuple(evidence),
            fix=Fix(text=text, commands=(*commands, "opsdoc runbook T003")),
            confidence=0.9 if expired_n else 0.85 if certain else 0.65,
            severity=Severity.ERROR if certain else Severity.WARNING,
            explains=_push_requests(ev, sub),
        )


def _push_requests(ev: Evidence, sub: Subscription) -> tuple[str, ...]:
    """The slow-request finding (T002) of a push subscription's endpoint: those requests
    are the deliveries, and the limit they outlive is the ack deadline, not a load
    balancer's."""
    if not sub.push_endpoint:
        return ()
    path = urlsplit(sub.push_endpoint).path or "/"
    handler = handler_for(ev.code("http-handler"), "POST", path)
    return (
        *((f"T002:{handler.where}",) if handler is not None else ()),
        f"T002:services/*/POST {path}",
    )
