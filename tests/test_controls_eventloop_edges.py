"""Edge controls for checks/eventloop.py: one guard, branch or wording per test.

A001's quiet points (the app's start-up, a script in another module that runs the
coroutine alone, found by the dotted name the script imports), its brief local costs,
A002's info branch for each reason and A003's signal handler and foreign-loop branches.
Each test puts a fixture on each side of a boundary and compares the whole finding.
Code facts are built in-process with the builders of ``test_controls_eventloop``.
"""

from __future__ import annotations

import pytest
from test_controls_eventloop import (
    A001_FIX,
    A002_FIX,
    A003_COMMANDS,
    BRIDGE_FIX,
    HANDLER,
    RESULT,
    blocking,
    bridge,
    fact,
    run,
)

from opsdoc.checks.eventloop import blocking_in_async, task_dropped, thread_loop_bridge
from opsdoc.evidence import CodeSite
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity

SLEEP_EVIDENCE = EvidenceItem("code", "app/api.py:20", "time.sleep(5)")
QUIET = (
    'under `if __name__ == "__main__"`) runs nothing else on it: no task, gathered '
    "coroutine, server or callback is alive at that point, so nothing waits for it"
)

# -- A001: the costs that hold the loop only briefly ---------------------------------------------


def test_a001_a_local_command_is_info_in_full() -> None:
    """A git query of the repository's own refs, a version query or a PATH lookup returns in
    milliseconds: info wherever it runs, a request handler included."""
    site = blocking(call="subprocess.run", cost="local-command")
    assert run(blocking_in_async, site, HANDLER) == [
        Hit(
            subject="app/api.py:20",
            summary="`subprocess.run` runs a local command in async render (a git query of its "
            "own refs or config, a version query or a PATH lookup): it returns in "
            "milliseconds, so the loop is held only briefly",
            evidence=(SLEEP_EVIDENCE, EvidenceItem("code", "app/api.py:12", "async def render():")),
            fix=A001_FIX,
            confidence=0.4,
            severity=Severity.INFO,
        )
    ]
    # any other cost blocks for as long as the call takes
    [slow] = run(blocking_in_async, blocking(call="subprocess.run", cost="subprocess"))
    assert (slow.severity, slow.confidence) == (Severity.WARNING, 0.85)


def test_a001_a_call_a_cached_function_makes_once_is_info_in_full() -> None:
    """A blocking call in an ``lru_cache`` function of no arguments runs on the first call
    only: info, in a request handler too (the first request pays it, no other)."""
    assert run(blocking_in_async, blocking(cost="once"), HANDLER) == [
        Hit(
            subject="app/api.py:20",
            summary="`time.sleep` runs once per process in async render: the function around "
            "it is cached (`lru_cache`) and takes no arguments, so only its first call holds "
            "the loop",
            evidence=(SLEEP_EVIDENCE, EvidenceItem("code", "app/api.py:12", "async def render():")),
            fix=A001_FIX,
            confidence=0.4,
            severity=Severity.INFO,
        )
    ]


def test_a001_a_fixed_pause_outside_a_handler_is_info_in_full() -> None:
    """One short fixed pause outside a request handler holds the loop once; in a handler
    every request pays it, which is not brief (see test_controls_eventloop)."""
    assert run(blocking_in_async, blocking(cost="pause")) == [
        Hit(
            subject="app/api.py:20",
            summary="`time.sleep` pauses the event loop once, for a fixed fraction of a second, "
            "in async render: brief unless that coroutine runs often",
            evidence=(SLEEP_EVIDENCE,),
            fix=A001_FIX,
            confidence=0.4,
            severity=Severity.INFO,
        )
    ]


# -- A001: the app's start-up and a script's own quiet points ------------------------------------


def test_a001_while_the_app_starts_is_info_in_full() -> None:
    """The server runs its start-up hook before it accepts requests: nothing else is on the
    loop, so the call only lengthens start-up."""
    assert run(blocking_in_async, blocking(startup="lifespan")) == [
        Hit(
            subject="app/api.py:20",
            summary="`time.sleep` blocks the event loop in async render, but only while the app "
            "starts or stops (`lifespan`): the server runs it before it accepts requests and "
            "nothing else is on the loop, so it lengthens start-up and no request waits for it",
            evidence=(SLEEP_EVIDENCE,),
            fix=A001_FIX,
            confidence=0.4,
            severity=Severity.INFO,
        )
    ]
    # start-up is named first when a script's quiet point is known too
    [both] = run(blocking_in_async, blocking(startup="lifespan", script="asyncio.run(main())"))
    assert "while the app starts or stops (`lifespan`)" in both.summary
    assert "the script" not in both.summary


def test_a001_at_a_script_s_quiet_point_in_full() -> None:
    """The whole finding at a script's quiet point: the code quoted, the same fix."""
    assert run(blocking_in_async, blocking(script="asyncio.run(main())")) == [
        Hit(
            subject="app/api.py:20",
            summary="`time.sleep` blocks the event loop in async render, but only where the "
            "script (`asyncio.run(main())` " + QUIET,
            evidence=(SLEEP_EVIDENCE,),
            fix=A001_FIX,
            confidence=0.4,
            severity=Severity.INFO,
        )
    ]


# -- A001: a coroutine a script in another module runs alone -------------------------------------


def alone(path: str, function: str, **attrs: str) -> CodeSite:
    """A blocking call in a coroutine that awaits nothing concurrent before it (``alone``)."""
    return fact(
        "blocking-in-async",
        10,
        "subprocess.run(cmd)",
        function,
        path=path,
        call="subprocess.run",
        alternative="`await asyncio.create_subprocess_exec(...)`",
        **attrs,
    )


def script_run(target: str, runner: str = "asyncio.run", path: str = "fixer/cli.py") -> CodeSite:
    """What a ``__main__`` guard of another module runs to completion, by dotted name."""
    return fact("script-run", 30, "", "", path=path, target=target, runner=runner)


def graded(site: CodeSite, *runs: CodeSite) -> tuple[Severity | None, str]:
    """A001's severity and, when a script runs the coroutine alone, how it runs it."""
    [hit] = run(blocking_in_async, site, *runs)
    prefix = "where the script (`"
    if prefix not in hit.summary:
        return hit.severity, ""
    how = hit.summary.split(prefix, 1)[1]
    assert how.endswith("` " + QUIET), hit.summary
    return hit.severity, how.removesuffix("` " + QUIET)


def test_a001_a_method_a_script_runs_alone_is_info_in_full() -> None:
    """``asyncio.run(Resolver(args).resolve())`` in fixer/cli.py names the method by its
    dotted path: nothing else is on the loop while it runs (info), and the finding says
    which script runs it, by class and method."""
    site = alone("fixer/resolver.py", "Resolver.resolve", alone="true")
    runs = script_run("fixer.resolver.Resolver.resolve")
    assert run(blocking_in_async, site, runs) == [
        Hit(
            subject="fixer/resolver.py:10",
            summary="`subprocess.run` blocks the event loop in async Resolver.resolve, but only "
            "where the script (`asyncio.run(Resolver.resolve())` in `fixer/cli.py` " + QUIET,
            evidence=(EvidenceItem("code", "fixer/resolver.py:10", "subprocess.run(cmd)"),),
            fix=Fix(
                text="Use `await asyncio.create_subprocess_exec(...)`; or, to keep the "
                "synchronous call, run it off the loop with `await asyncio.to_thread(...)`.",
                commands=("opsdoc runbook A001",),
            ),
            confidence=0.4,
            severity=Severity.INFO,
        )
    ]


def test_a001_only_a_coroutine_that_runs_alone_is_looked_up_in_scripts() -> None:
    """Without ``alone`` the coroutine starts concurrent work before the call (or is also
    awaited elsewhere): a script running it does not make the loop idle."""
    runs = script_run("fixer.steps.sync_all")
    assert graded(alone("fixer/steps.py", "sync_all"), runs) == (Severity.WARNING, "")
    assert graded(alone("fixer/steps.py", "sync_all", alone="true"), runs) == (
        Severity.INFO,
        "asyncio.run(sync_all())` in `fixer/cli.py",
    )
    # no script runs it: a warning still
    assert graded(alone("fixer/steps.py", "sync_all", alone="true")) == (Severity.WARNING, "")


def test_a001_the_coroutine_that_awaits_the_call_alone_is_the_one_looked_up() -> None:
    """``entry``: a step awaited alone by a factory the script runs; the script names the
    factory, not the step."""
    step = alone("app/agent.py", "Agent.setup", alone="true", entry="Agent.create")
    runs = script_run("app.agent.Agent.create", runner="await", path="main.py")
    assert graded(step, runs) == (Severity.INFO, "await Agent.create()` in `main.py")
    # a script running the step itself does not run the factory
    assert graded(step, script_run("app.agent.Agent.setup")) == (Severity.WARNING, "")


@pytest.mark.parametrize(
    ("path", "coroutine", "target", "how"),
    [
        # the module's dotted path, exactly
        (
            "fixer/steps.py",
            "sync_all",
            "fixer.steps.sync_all",
            "asyncio.run(sync_all())` in `fixer/cli.py",
        ),
        # a package's __init__ is the package
        (
            "runtime/__init__.py",
            "checkout",
            "runtime.checkout",
            "asyncio.run(checkout())` in `fixer/cli.py",
        ),
        # the script imports it from below a source root (src/ is not a package)
        (
            "src/fixer/steps.py",
            "sync_all",
            "fixer.steps.sync_all",
            "asyncio.run(sync_all())` in `fixer/cli.py",
        ),
        # a method: class and method, the last two names, whatever the depth
        (
            "src/fixer/resolver.py",
            "Resolver.resolve",
            "fixer.resolver.Resolver.resolve",
            "asyncio.run(Resolver.resolve())` in `fixer/cli.py",
        ),
        # the scan names the module from a deeper root than the script's import
        (
            "fixer/steps.py",
            "sync_all",
            "app.fixer.steps.sync_all",
            "asyncio.run(sync_all())` in `fixer/cli.py",
        ),
        # the same for a package's __init__: the package is the module
        (
            "runtime/__init__.py",
            "checkout",
            "app.runtime.checkout",
            "asyncio.run(checkout())` in `fixer/cli.py",
        ),
        # a method of a nested class: the script's call names the class and the method
        (
            "fixer/jobs.py",
            "Outer.Inner.run",
            "fixer.jobs.Outer.Inner.run",
            "asyncio.run(Inner.run())` in `fixer/cli.py",
        ),
    ],
)
def test_a001_a_script_names_the_coroutine_by_its_module_path(
    path: str, coroutine: str, target: str, how: str
) -> None:
    site = alone(path, coroutine, alone="true")
    assert graded(site, script_run(target)) == (Severity.INFO, how)


@pytest.mark.parametrize(
    "target",
    [
        "fixer.steps.sync",  # another coroutine of the module
        "fixer.steps.sync_all_later",  # a longer name
        "other.steps.sync_all",  # another package's module of the same name
        "xfixer.steps.sync_all",  # a package whose name only ends like it
    ],
)
def test_a001_a_script_running_another_coroutine_leaves_it_a_warning(target: str) -> None:
    """Only the same dotted name (at a package boundary) is the same coroutine."""
    site = alone("src/fixer/steps.py", "sync_all", alone="true")
    assert graded(site, script_run(target)) == (Severity.WARNING, "")


def test_a001_the_first_script_that_runs_the_coroutine_is_named() -> None:
    site = alone("fixer/steps.py", "sync_all", alone="true")
    runs = (
        script_run("fixer.other.sync_all", path="a.py"),
        script_run("fixer.steps.sync_all", runner="trio.run", path="b.py"),
        script_run("fixer.steps.sync_all", path="c.py"),
    )
    assert graded(site, *runs) == (Severity.INFO, "trio.run(sync_all())` in `b.py")


@pytest.mark.parametrize(
    ("path", "coroutine", "target", "how"),
    [
        # ``from hackbot_runtime import checkout_revision``: the package re-exports it
        (
            "libs/hackbot-runtime/hackbot_runtime/revision.py",
            "checkout_revision",
            "hackbot_runtime.checkout_revision",
            "asyncio.run(checkout_revision())` in `fixer/cli.py",
        ),
        # a method of a class the package re-exports
        (
            "libs/hackbot-runtime/hackbot_runtime/context.py",
            "HackbotContext.prepare_repo",
            "hackbot_runtime.HackbotContext.prepare_repo",
            "asyncio.run(HackbotContext.prepare_repo())` in `fixer/cli.py",
        ),
        # a dotted package
        (
            "libs/hackbot/runtime/revision.py",
            "checkout_revision",
            "hackbot.runtime.checkout_revision",
            "asyncio.run(checkout_revision())` in `fixer/cli.py",
        ),
        # a package named like the coroutine: the name is the last one
        (
            "libs/jobs/run/tasks.py",
            "run",
            "jobs.run.run",
            "asyncio.run(run())` in `fixer/cli.py",
        ),
    ],
)
def test_a001_a_coroutine_its_package_re_exports_is_found_by_the_package(
    path: str, coroutine: str, target: str, how: str
) -> None:
    """A package's ``__init__`` re-exports what its modules define, so the script's import
    names the package that holds the module, not the module."""
    assert graded(alone(path, coroutine, alone="true"), script_run(target)) == (
        Severity.INFO,
        how,
    )


@pytest.mark.parametrize(
    "target",
    [
        "hackbot_runtime.checkout_revision_v2",  # another name that starts like it
        "hackbot_runtime.checkout_revision.inner",  # something inside it
        "hackbot_other.checkout_revision",  # a package the module is not in
        "hackbot.checkout_revision",  # a package whose name only starts like the module's
        "runtime.checkout_revision",  # the end of a package name
    ],
)
def test_a001_a_re_export_needs_the_whole_name_in_a_package_of_the_module(target: str) -> None:
    site = alone(
        "libs/hackbot-runtime/hackbot_runtime/revision.py", "checkout_revision", alone="true"
    )
    assert graded(site, script_run(target)) == (Severity.WARNING, "")


def test_a001_an_empty_package_name_is_no_re_export() -> None:
    """``.checkout_revision`` names no package; a path the scan gives from the root
    (``/srv/revision.py``, module ``.srv.revision``) has an empty first part, which must
    not pass for one."""
    site = alone("/srv/revision.py", "checkout_revision", alone="true")
    assert graded(site, script_run(".checkout_revision")) == (Severity.WARNING, "")


# -- A002: the info branch, one reason at a time -------------------------------------------------


def dropped(held: str, **attrs: str) -> CodeSite:
    return fact(
        "task-dropped",
        7,
        "asyncio.create_task(work())",
        "start",
        call="asyncio.create_task",
        held=held,
        **attrs,
    )


@pytest.mark.parametrize(
    ("held", "attrs", "how"),
    [
        (
            "callback",
            {},
            "a done callback receives the finished task, so its failure is seen, but nothing "
            "holds the task while it runs",
        ),
        (
            "frame:t",
            {},
            "local `t` holds the task while start goes on awaiting, but nothing does once it "
            "returns, and nothing retrieves its exception",
        ),
        (
            "discarded",
            {"releases": "true"},
            "the task only releases a resource; nothing holds it, so if it is lost the "
            "resource is left to the process's exit (an 'Unclosed ...' warning), but no work "
            "is lost",
        ),
        (
            "discarded",
            {"handled": "true"},
            "its coroutine catches and logs every exception itself, so no failure is lost; only "
            "a reference keeping the task alive is missing",
        ),
        # a task that only releases a resource says so, whatever else holds
        (
            "local:t",
            {"releases": "true", "handled": "true"},
            "the task only releases a resource; nothing holds it, so if it is lost the "
            "resource is left to the process's exit (an 'Unclosed ...' warning), but no work "
            "is lost",
        ),
    ],
)
def test_a002_a_task_whose_loss_costs_little_is_info_in_full(
    held: str, attrs: dict[str, str], how: str
) -> None:
    assert run(task_dropped, dropped(held, **attrs)) == [
        Hit(
            subject="app/api.py:7",
            summary=f"`asyncio.create_task` in start: {how}",
            evidence=(EvidenceItem("code", "app/api.py:7", "asyncio.create_task(work())"),),
            fix=A002_FIX,
            confidence=0.4,
            severity=Severity.INFO,
            explains=("E005:services/*/tasks-destroyed",),
        )
    ]


def test_a002_handled_errors_only_soften_a_discarded_task() -> None:
    """A coroutine that catches its own errors loses no failure, but a task kept in a local
    that goes nowhere is still collected mid-flight: only the discarded one is info."""
    [hit] = run(task_dropped, dropped("local:t", handled="true"))
    assert (hit.severity, hit.confidence) == (None, 0.75)
    assert "kept only in local `t`, which goes nowhere" in hit.summary


def test_a002_every_site_is_read_after_an_info_one() -> None:
    later = fact(
        "task-dropped", 9, "asyncio.ensure_future(x())", "stop",
        call="asyncio.ensure_future", held="discarded",
    )  # fmt: skip
    hits = run(task_dropped, dropped("callback"), later)
    assert [(h.subject, h.confidence) for h in hits] == [
        ("app/api.py:7", 0.4),
        ("app/api.py:9", 0.75),
    ]


# -- A003: asyncio.run in a signal handler, and another thread's loop ----------------------------


def test_a003_asyncio_run_in_a_signal_handler_in_full() -> None:
    """The handler runs on the thread that runs the loop: ``asyncio.run`` raises there."""
    site = bridge(call="asyncio.run", thread="signal", other_loop="true")
    assert run(thread_loop_bridge, site) == [
        Hit(
            subject="app/api.py:30",
            summary="on_modified runs in a signal handler (interrupting the loop's thread) and "
            "calls `asyncio.run` while that thread runs the process's event loop: it raises "
            "RuntimeError (`asyncio.run() cannot be called from a running event loop`) and the "
            "handler's work never happens",
            evidence=(EvidenceItem("code", "app/api.py:30", "fut.result()"),),
            fix=Fix(
                text="Register the handler on the loop instead: "
                "`loop.add_signal_handler(signal.SIGTERM, lambda: "
                "asyncio.create_task(shutdown()))`.",
                commands=("opsdoc runbook A003",),
            ),
            confidence=0.6,
            severity=Severity.WARNING,
        )
    ]


def test_a003_run_until_complete_while_the_process_runs_a_loop_in_full() -> None:
    """``loop.run_until_complete`` on the process's loop from another thread: it waits on a
    loop that thread does not run (a weaker warning than a result() wait)."""
    site = bridge(call="loop.run_until_complete", thread="thread", other_loop="true")
    assert run(thread_loop_bridge, site) == [
        Hit(
            subject="app/api.py:30",
            summary="on_modified runs in a background thread and runs `loop.run_until_complete` "
            "while the process already runs an event loop: if the loop is busy or waits on "
            "this thread, both hang (deadlock, stale heartbeat)",
            evidence=(EvidenceItem("code", "app/api.py:30", "fut.result()"),),
            fix=BRIDGE_FIX,
            confidence=0.5,
            severity=Severity.WARNING,
            explains=("H001:*",),
        )
    ]


def test_a003_sites_after_a_skipped_or_signal_one_are_read() -> None:
    """A private loop (no other loop in the process) is skipped, and the sites after it and
    after a signal handler's ``asyncio.run`` are still read."""
    private = bridge(call="loop.run_until_complete", thread="thread")
    signal = bridge(call="asyncio.run", thread="signal", other_loop="true")
    later = fact(
        "thread-loop-bridge", 44, "fut.result()", "on_created", call=RESULT, thread="timer"
    )
    hits = run(thread_loop_bridge, private, signal, later)
    assert [(h.subject, h.confidence, h.severity) for h in hits] == [
        ("app/api.py:30", 0.6, Severity.WARNING),
        ("app/api.py:44", 0.85, Severity.ERROR),
    ]
    assert hits[1].fix == Fix(text=BRIDGE_FIX.text, commands=A003_COMMANDS)
