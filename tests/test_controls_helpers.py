"""Controls for the helpers every check reads evidence through (opsdoc.check_helpers).

Each boundary is tested on both sides: the unit a duration is said in, where a
summary is cut, which route serves a path, which errors belong to an execution,
and when two ``rq info`` captures show workers that stalled.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.check_helpers import (
    StalledWorkers,
    during,
    errors_of,
    handler_for,
    headline,
    human_seconds,
    iso,
    log_quote,
    route_matches,
    shorten,
    span,
    split_csv,
    stalled_workers,
)
from opsdoc.evidence import (
    CodeSite,
    Evidence,
    Execution,
    HttpInfo,
    LogRecord,
    QueueStats,
    Ref,
    WorkerBeat,
)
from opsdoc.findings import EvidenceItem

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (5400, "90 min"),  # an hour and a half is not a whole hour
        (10800, "3 h"),
        (7200, "2 h"),
        (5460, "91 min"),  # not a whole hour
        (3600, "60 min"),  # whole, but under an hour and a half
        (120, "2 min"),
        (119.5, "119.5 s"),
        (76.0, "76 s"),
        (0.25, "0.2 s"),
    ],
)
def test_human_seconds(seconds: float, said: str) -> None:
    assert human_seconds(seconds) == said


def test_iso() -> None:
    assert iso(None) == "?"
    assert iso(T0 + timedelta(microseconds=5)) == "2026-11-22T09:00:00Z"


@pytest.mark.parametrize(
    ("text", "width", "out"),
    [
        ("short", 5, "short"),
        ("one two three four", 17, "one two three…"),  # cut at a word
        ("abcdefghijklmnop qr", 18, "abcdefghijklmnop…"),
        ("abcdef ghijklmnopqrstu", 18, "abcdef ghijklmnop…"),  # a word too early: cut inside
        ("abcdefghijkl mnopqrstu", 18, "abcdefghijkl…"),  # exactly at two thirds: at the word
    ],
)
def test_shorten(text: str, width: int, out: str) -> None:
    assert shorten(text, width) == out
    assert len(shorten(text, width)) <= width


def test_headline_of_a_traceback_is_the_raised_exception() -> None:
    trace = (
        'Traceback (most recent call last):\n  File "a.py", line 1\n'
        "KeyError: 'a'\n\nDuring handling...\nTraceback (most recent call last):\n"
        '  File "a.py", line 3\napp.errors.FetchError: gave up'
    )
    assert headline(trace) == "app.errors.FetchError: gave up"
    assert headline("Traceback (most recent call last):\n  nothing raised") == (
        "Traceback (most recent call last):"
    )
    assert headline("  first line\nsecond") == "first line"
    assert headline("   ") == ""
    assert headline("KeyError: 'a'\nValueError: b") == "KeyError: 'a'"  # not a traceback


def execution(end: datetime | None = T0 + timedelta(minutes=10)) -> Execution:
    return Execution(Ref("exports", "ex.json#0"), "ingest-1", "ingest", T0, end, "failed")


def test_during_is_inclusive_and_open_ended() -> None:
    ex = execution()
    assert during(ex, T0) and during(ex, T0 + timedelta(minutes=10))
    assert not during(ex, T0 - timedelta(seconds=1))
    assert not during(ex, T0 + timedelta(minutes=10, seconds=1))
    assert not during(ex, None)
    assert during(execution(end=None), T0 + timedelta(days=3))
    no_start = Execution(Ref("exports", "ex.json#1"), "x", "ingest", None, None, "failed")
    assert not during(no_start, T0)


def err(
    minute: float | None,
    message: str = "ERROR boom",
    *,
    execution_name: str = "",
    job: str = "ingest",
    severity: str = "ERROR",
    index: int = 0,
) -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{index}"),
        T0 + timedelta(minutes=minute) if minute is not None else None,
        severity,
        message,
        job=job,
        execution=execution_name,
    )


def test_errors_of_an_execution_by_label_or_by_job_and_time() -> None:
    labelled = err(30, execution_name="ingest-1", index=1)  # outside the span, but labelled
    in_span = err(5, index=2)
    other_label = err(5, execution_name="ingest-2", index=3)
    other_job = err(5, job="report", index=4)
    after = err(11, index=5)
    info = err(4, severity="INFO", message="all good", index=6)
    undated = err(None, execution_name="ingest-1", index=7)
    found = errors_of(
        execution(), [labelled, in_span, other_label, other_job, after, info, undated]
    )
    assert [r.ref.location for r in found] == ["logs.json#2", "logs.json#1", "logs.json#7"]


def request(
    latency: float | None, message: str = "POST /a", path: str = "/a", status: int | None = 504
) -> LogRecord:
    return LogRecord(
        Ref("exports", "logs.json#3"),
        T0,
        "ERROR",
        message,
        http=HttpInfo(
            method="POST", path=path, url="https://x/a", status=status, latency_s=latency
        ),
    )


def test_log_quote_of_a_request_and_of_a_line() -> None:
    assert log_quote(request(61.25)) == EvidenceItem(
        "exports", "logs.json#3", "2026-11-22T09:00:00Z ERROR POST /a 504 61.2s"
    )
    assert log_quote(request(None, status=None)).quote == "2026-11-22T09:00:00Z ERROR POST /a ? ?"
    assert (
        log_quote(request(1.0, path="")).quote
        == "2026-11-22T09:00:00Z ERROR POST https://x/a 504 1.0s"
    )
    assert log_quote(request(1.0, message="upstream timed out")).quote == (
        "2026-11-22T09:00:00Z ERROR POST /a 504 1.0s upstream timed out"
    )
    assert (
        log_quote(err(None, "Traceback (most recent call last):\nKeyError: 'x'")).quote
        == "? ERROR KeyError: 'x'"
    )


def test_span_of_a_request() -> None:
    assert span(request(2.5)) == (T0, T0 + timedelta(seconds=2.5))
    assert span(request(None)) is None
    assert span(err(1)) is None
    assert (
        span(LogRecord(Ref("e", "x"), None, "INFO", "GET /", http=HttpInfo(latency_s=1.0))) is None
    )


def test_split_csv() -> None:
    assert split_csv(" a, b,,c ,") == ["a", "b", "c"]
    assert split_csv("") == []


def handler(route: str, method: str = "", line: int = 1, path: str = "app.py") -> CodeSite:
    attrs = {"route": route}
    if method:
        attrs["method"] = method
    return CodeSite(
        Ref("code", f"{path}:{line}"),
        "http-handler",
        path,
        line,
        attrs=tuple(sorted(attrs.items())),
    )


def test_routes_match_templates_and_an_optional_trailing_slash() -> None:
    assert route_matches("/items/{id}", "/items/7")
    assert route_matches("/items/<int:id>", "/items/7/")
    assert route_matches("/items/:id", "/items/7")
    assert not route_matches("/items/{id}", "/items/7/parts")
    assert not route_matches("/items", "/items-old")
    assert not route_matches("", "/")
    # a handler registered under several routes carries them comma-joined
    assert route_matches("/healthz,/ready", "/ready")
    assert not route_matches("/healthz,/ready", "/readyz")


def test_handler_for_a_handler_with_several_routes() -> None:
    both = handler("/healthz,/items/{id}", line=3)
    exact = handler("/items/new", line=9)
    assert handler_for([both, exact], "GET", "/healthz") is both
    assert handler_for([both, exact], "GET", "/items/7") is both
    # the exact route still wins over the templated one of a multi-route handler
    assert handler_for([both, exact], "GET", "/items/new") is exact


def test_handler_for_prefers_exact_routes_then_the_first_in_the_code() -> None:
    templated = handler("/items/{id}", line=3)
    exact = handler("/items/new", line=9)
    assert handler_for([templated, exact], "GET", "/items/new") is exact
    assert handler_for([templated, exact], "GET", "/items/7") is templated
    later = handler("/items/{key}", line=20)
    assert handler_for([later, templated], "GET", "/items/7") is templated
    other_file = handler("/items/{id}", line=1, path="b.py")
    assert handler_for([other_file, templated], "GET", "/items/7") is templated


def test_handler_for_honours_methods() -> None:
    post = handler("/a", "post, put")
    anything = handler("/a", "ANY", line=2)
    assert handler_for([post], "PUT", "/a") is post
    assert handler_for([post], "get", "/a") is None
    assert handler_for([post, anything], "GET", "/a") is anything
    assert handler_for([post], "", "/a") is post  # no method logged: any handler
    assert handler_for([handler("/a")], "DELETE", "/a") is not None  # no method declared
    assert handler_for([], "GET", "/a") is None


# -- two rq info captures -----------------------------------------------------------------------


def capture(file: str, minute: int, depth: int, finished: int, *workers: tuple[str, str]) -> list:
    at = T0 + timedelta(minutes=minute)
    records: list = [
        QueueStats(
            Ref("exports", f"{file}:1"), "emails", "rq", depth, finished=finished, observed_at=at
        )
    ]
    records += [
        WorkerBeat(Ref("exports", f"{file}:{i + 2}"), name, None, state=state, queues=("emails",))
        for i, (name, state) in enumerate(workers)
    ]
    return records


def stalled(*records: object) -> object:
    ev = Evidence(as_of=T0 + timedelta(hours=1))
    ev.add(records)  # type: ignore[arg-type]
    return stalled_workers(ev)


def test_busy_workers_that_finished_nothing_stalled() -> None:
    before = capture("info1.txt", 0, 10, 5, ("w1", "busy"), ("w2", "idle"))
    same = capture("info2.txt", 30, 10, 5, ("w1", "busy"))
    found = stalled(*before, *same)
    assert found is not None
    assert (
        [w.worker for w in found.busy] == ["w1"] and found.queues == ("emails",) and not found.gone
    )
    gone = stalled(*before, *capture("info2.txt", 30, 12, 5))
    assert gone is not None and gone.gone


def test_work_that_moved_between_captures_is_no_stall() -> None:
    before = capture("info1.txt", 0, 10, 5, ("w1", "busy"))
    assert (
        stalled(*before, *capture("info2.txt", 30, 10, 6, ("w1", "busy"))) is None
    )  # one finished
    assert stalled(*before, *capture("info2.txt", 30, 9, 5, ("w1", "busy"))) is None  # backlog fell
    assert stalled(*before, *capture("info2.txt", 30, 10, 5, ("w1", "idle"))) is None  # it moved on
    assert stalled(*before) is None  # one capture
    idle = capture("info1.txt", 0, 10, 5, ("w1", "idle"))
    assert stalled(*idle, *capture("info2.txt", 30, 10, 5)) is None  # nobody was busy
    # captures are ordered by time, not by file
    assert (
        stalled(
            *capture("info2.txt", 30, 10, 5, ("w1", "busy")),
            *capture("info1.txt", 0, 10, 5, ("w1", "busy")),
        )
        is not None
    )


# -- edges found by mutation testing ------------------------------------------------------------


def test_a_route_with_a_trailing_slash_matches_without_one() -> None:
    assert route_matches("/items/", "/items")
    assert route_matches("/items/", "/items/")


def test_handler_for_reads_a_comma_list_of_methods_and_routes() -> None:
    post = handler("/a", "post, put")
    assert handler_for([post], "POST", "/a") is post
    # the exact route of a multi-route handler ranks as exact, before any template
    both = handler("/healthz,/items/{id}", line=3)
    page = handler("/{page}", line=1)
    assert handler_for([page, both], "GET", "/healthz") is both
    flask = handler("/items/<id>", line=1)
    exact = handler("/items/new", line=9)
    assert handler_for([flask, exact], "GET", "/items/new") is exact
    # two facts for one site: the first
    twin = handler("/items/new", line=9)
    assert handler_for([exact, twin], "GET", "/items/new") is exact
    assert handler_for([twin, exact], "GET", "/items/new") is twin


@pytest.mark.parametrize(
    ("text", "width", "out"),
    [
        ("abcdefghijk lmnopqrstu", 17, "abcdefghijk…"),  # two thirds of 17 is 11.33: 11 is enough
        ("abcdefghij klmnopqrstu", 18, "abcdefghij klmnop…"),  # 10 is under two thirds of 18
        (" abcdefghijklmnopqrstuvw", 10, " abcdefgh…"),  # only the end is trimmed
    ],
)
def test_shorten_edges(text: str, width: int, out: str) -> None:
    assert shorten(text, width) == out


def test_stalled_workers_edges() -> None:
    started = capture("info1.txt", 0, 10, 5, ("w1", "started"))
    still = capture("info2.txt", 30, 10, 5, ("w1", "started"))
    found = stalled(*started, *still)
    assert isinstance(found, StalledWorkers)
    assert (found.before.file, found.after.file, found.gone) == ("info1.txt", "info2.txt", False)
    # the last capture decides, not the second
    moved = capture("info3.txt", 60, 10, 6, ("w1", "busy"))
    assert stalled(*started, *still, *moved) is None
    # only the busy workers' queues count
    other = QueueStats(
        Ref("exports", "info2.txt:9"),
        "reports",
        "rq",
        0,
        finished=40,
        observed_at=T0 + timedelta(minutes=30),
    )
    assert stalled(*started, *still, other) is not None
    # a worker on a queue the later capture does not list
    elsewhere = WorkerBeat(Ref("exports", "info1.txt:5"), "w9", None, state="busy", queues=("x",))
    idle = capture("info1.txt", 0, 10, 5, ("w1", "idle"))
    assert stalled(*idle, elsewhere, *capture("info2.txt", 30, 10, 5)) is None


def test_route_ends_are_cut_of_slashes_only() -> None:
    assert route_matches("/inboX", "/inboX")
    assert not route_matches("/inboX", "/inbo")


def test_handler_for_ties_go_to_the_first_fact() -> None:
    exact = handler("/items/new", line=9)
    get = handler("/items/new", "GET", line=9)  # the same site, its method known
    assert handler_for([exact, get], "GET", "/items/new") is exact
    assert handler_for([get, exact], "GET", "/items/new") is get
