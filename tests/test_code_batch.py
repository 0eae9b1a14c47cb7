"""A004 in batch entry points: a failure value that never reaches the exit code.

Each fixture is a small project whose deployment file (Dockerfile, job manifest,
Procfile, crontab, systemd unit with a console script) runs a module or function; the
per-item step catches every exception, logs and returns a failure value.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.checks import errors
from opsdoc.evidence import CodeSite, Evidence
from opsdoc.findings import Severity
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource
from opsdoc.sources.code.commands import run_target
from opsdoc.sources.code.configs import (
    _crontab_runs,
    _docker_runs,
    _systemd_runs,
    console_scripts,
    file_type,
)

FIXTURES = Path(__file__).parent / "fixtures" / "code"
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def sites(name: str, **options: bool) -> list[CodeSite]:
    root = FIXTURES / name
    result = CodeSource(str(root), **options).collect(
        SourceContext(as_of=AS_OF, root=str(root), deadline_s=30)
    )
    assert not result.problems
    return [
        s for s in result.records if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
    ]


@pytest.mark.parametrize(
    ("fixture", "where", "function", "entry", "failure", "lost", "deploy"),
    [
        (
            "A004_batch_step_returns_false",
            "docsum/main.py:16",
            "summarise_one",
            "docsum.main",
            "returns `False`",
            "`main` only keeps it in `failed`",
            "Dockerfile CMD",
        ),
        (
            "A004_batch_class_method",
            "ingest/pipeline.py:23",
            "Ingestor.process",
            "ingest.run",
            "returns `None`",
            "`Ingestor.run_all` only keeps it in `failures`, `results`",
            "Cloud Run job",
        ),
        (
            "A004_batch_executor_map",
            "jobs/helpers.py:15",
            "reindex_tenant",
            "jobs.reindex",
            "returns `False`",
            "`main` only keeps it in `ok`, `outcomes`",
            "Procfile",
        ),
        (
            "A004_batch_typer_crontab",
            "exporter/ledgers.py:17",
            "export_ledger",
            "exporter.cli",
            "returns `{'ledger': ledger, 'error': str(exc)}`",
            "`export` only keeps it in `err`, `errors`, `result`",
            "crontab",
        ),
        (
            "A004_batch_click_systemd",
            "reportsync/push.py:19",
            "Pusher.push",
            "reportsync.cli.main",
            "returns `False`",
            "`main` returns it to click/typer, which ignore a command's value",
            "systemd ExecStart (`report-sync`)",
        ),
        (
            # the same step fails the run in `strict` (raise SystemExit) and not in `sync`
            "A004_batch_click_group",
            "tool/cli.py:12",
            "push",
            "tool.cli",
            "returns `False`",
            "`sync` only keeps it in `ok`",
            "Dockerfile CMD",
        ),
    ],
)
def test_a_failure_value_lost_before_the_exit_code_is_swallowed(
    fixture: str, where: str, function: str, entry: str, failure: str, lost: str, deploy: str
) -> None:
    found = sites(fixture)
    assert [(s.where, s.function) for s in found] == [(where, function)]
    site = found[0]
    assert site.attr("mechanism") == "batch-entry"
    assert site.attr("entry") == entry
    assert site.attr("failure") == failure
    assert site.attr("lost") == lost
    assert site.attr("deploy") == deploy
    assert site.attr("in_loop") == "true"


@pytest.mark.parametrize("options", [{}, {"reduce": False, "prefilter": False}])
def test_failures_that_reach_the_exit_code_are_not_swallowed(options: dict[str, bool]) -> None:
    # count -> sys.exit(1 if failed else 0); return 1 if failed with sys.exit(main());
    # raise SystemExit(errors > 0); re-raise; self.errors -> raise after the loop;
    # executor results -> sys.exit(1); continue + done count -> return code;
    # self.failed read by the caller's exit; a polling daemon; a cache fallback;
    # a click command raising ClickException; fallback values (``return []``, a default
    # date) that are not failures; a loop that waits on an event between rounds; a failure
    # count pushed to a metrics gateway (someone is alerted); bookkeeping and a secondary
    # write inside work whose handler fails the run, and a report from inside a handler
    # that returns 1; an optional model checked where it is used; the first mirror that
    # answers
    assert sites("A004_batch_controls", **options) == []


def test_the_same_fixture_without_its_deploy_file_is_not_job_code(tmp_path: Path) -> None:
    src = FIXTURES / "A004_batch_step_returns_false"
    for path in src.rglob("*.py"):
        target = tmp_path / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = CodeSource(str(tmp_path)).collect(
        SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=30)
    )
    assert not [r for r in result.records if getattr(r, "kind", "") == "swallowed-exception"]


def test_a004_names_the_batch_entry_and_where_the_failure_is_lost() -> None:
    root = FIXTURES / "A004_batch_step_returns_false"
    result = CodeSource(str(root)).collect(
        SourceContext(as_of=AS_OF, root=str(root), deadline_s=30)
    )
    ev = Evidence(as_of=AS_OF)
    ev.add(result.records)
    hits = list(errors.swallowed_in_job.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]
    assert len(hits) == 1
    hit = hits[0]
    assert hit.severity == Severity.ERROR
    assert hit.explains == ("E003:*",)
    assert hit.summary == (
        "`except Exception` in summarise_one logs (`logger.warning`) and returns `False`; "
        "it runs in batch entry docsum.main (run by Dockerfile CMD), and `main` only keeps it "
        "in `failed`: the failure never reaches the exit code, so the run reports success "
        "(inside a loop: every failing item is skipped)"
    )
    assert "sys.exit(1 if failed else 0)" in hit.fix.text


# -- what a deployment runs --------------------------------------------------------------------


def test_run_targets_of_commands() -> None:
    assert run_target(["python", "-m", "pkg.main"]) == "path:pkg/main.py"
    assert run_target(["/usr/bin/python3.12", "jobs/x.py", "--all"]) == "path:jobs/x.py"
    assert run_target(["env", "MODE=full", "report-sync", "--day", "x"]) == "script:report-sync"
    assert run_target(["poetry", "run", "report-sync"]) == "script:report-sync"
    assert run_target(["python", "-c", "print(1)"]) == ""
    assert run_target(["sh", "-c", "cd /app && exec python -m pkg.main --all"]) == (
        "path:pkg/main.py"
    )


def test_gcloud_run_jobs_deploy_with_a_custom_delimiter() -> None:
    from opsdoc.sources.code.commands import line_facts

    facts = line_facts(
        'gcloud run jobs deploy seed --image=x --command="sh" '
        '--args="^@^-c@uv run python -m admin.platform_seed"'
    )
    assert [f.attrs.get("entry") for f in facts] == ["admin/platform_seed.py"]


def test_crontab_lines() -> None:
    text = (
        "SHELL=/bin/bash\n"
        "# comment\n"
        "*/15 * * * * cd /app && /usr/local/bin/python -m digest.main >> /var/log/d 2>&1\n"
        "0 3 * * 1-5 root /opt/venv/bin/python /app/scripts/nightly.py\n"
        "@daily digest-run --all\n"
    )
    assert _crontab_runs(text) == [
        "path:digest/main.py",
        "path:/app/scripts/nightly.py",
        "script:digest-run",
    ]


def test_systemd_dockerfile_and_pyproject() -> None:
    assert _systemd_runs("[Service]\nExecStart=-/opt/v/bin/python -m app.sync\n") == [
        "path:app/sync.py"
    ]
    docker = 'ENTRYPOINT ["python", "-m", "ledgersync.cli"]\nCMD ["sync"]\n'
    assert _docker_runs(docker) == [("path:ledgersync/cli.py", "Dockerfile CMD")]
    assert _docker_runs('CMD ["sh", "-c", "exec report-sync"]\n') == [
        ("script:report-sync", "Dockerfile CMD")
    ]
    assert console_scripts(
        '[project.scripts]\na = "pkg.cli:main"\n[tool.poetry.scripts]\nb = "pkg.b:run"\n'
    ) == {"a": "pkg.cli:main", "b": "pkg.b:run"}
    assert console_scripts("not [toml") == {}
    assert file_type("crontab", "deploy/crontab") == "crontab"
    assert file_type("exporter.cron", "deploy/exporter.cron") == "crontab"
    assert file_type("nightly", "etc/cron.d/nightly") == "crontab"
    assert file_type("sync.service", "deploy/sync.service") == "systemd"


def test_a_dockerfile_path_is_relative_to_its_build_context(tmp_path: Path) -> None:
    step = (FIXTURES / "A004_batch_step_returns_false" / "docsum" / "main.py").read_text(
        encoding="utf-8"
    )
    step = step.replace("from docsum.store import", "from store import").replace(
        "from docsum.summarise import", "from summarise import"
    )
    for name in ("store.py", "summarise.py"):
        source = FIXTURES / "A004_batch_step_returns_false" / "docsum" / name
        (tmp_path / "jobs" / "docsum").mkdir(parents=True, exist_ok=True)
        (tmp_path / "jobs" / "docsum" / name).write_text(source.read_text(encoding="utf-8"))
    (tmp_path / "jobs" / "docsum" / "main.py").write_text(step, encoding="utf-8")
    (tmp_path / "jobs" / "docsum" / "Dockerfile").write_text('CMD ["python", "main.py"]\n')
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "main.py").write_text("import uvicorn\nuvicorn.run('app:app')\n")
    result = CodeSource(str(tmp_path)).collect(
        SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=30)
    )
    found = [
        s.where
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
    ]
    assert found == ["jobs/docsum/main.py:16"]


def test_a_terraform_cloud_run_job_names_what_it_runs() -> None:
    from opsdoc.sources.code.configs import scan_config

    path = FIXTURES / "A004_batch_step_returns_false" / "infra" / "job.tf"
    scan = scan_config("terraform", "infra/job.tf", path.read_text(encoding="utf-8"), str)
    assert [(s.kind, s.attr("job"), s.attr("entry")) for s in scan.sites] == [
        ("job-context", "docsum-nightly", "docsum/main.py")
    ]


def test_asyncio_gather_and_top_level_code() -> None:
    found = sites("A004_batch_toplevel")
    assert [
        (s.where, s.function, s.attr("entry"), s.attr("failure"), s.attr("lost")) for s in found
    ] == [
        (
            "nightly/cleanup.py:12",
            "",
            "nightly.cleanup",
            "carries on",
            "the top-level code drops it",
        ),
        (
            "nightly/feeds.py:14",
            "refresh",
            "nightly.__main__",
            "returns `None`",
            "`main` only keeps it in `results`",
        ),
    ]
    # settings() falls back to defaults (``settings() or {...}``): not a failure
    assert not any(s.function == "settings" for s in found)


def _project(root: Path, main: str) -> list[CodeSite]:
    (root / "svc").mkdir(exist_ok=True)
    (root / "svc" / "__init__.py").write_text("")
    (root / "svc" / "main.py").write_text(main)
    (root / "Dockerfile").write_text('FROM python:3.12-slim\nCMD ["python", "-m", "svc.main"]\n')
    result = CodeSource(str(root)).collect(
        SourceContext(as_of=AS_OF, root=str(root), deadline_s=30)
    )
    return [
        s for s in result.records if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
    ]


STARTUP = """import logging
{imports}

log = logging.getLogger(__name__)


def load_models() -> bool:
    try:
        import torch  # noqa: F401
    except Exception as exc:
        log.error("models not loaded: %s", exc)
        return False
    return True


def main() -> None:
    load_models()
    {serve}


if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize(
    ("imports", "serve"),
    [
        ("import uvicorn", 'uvicorn.run("svc.app:app", host="0.0.0.0", port=8080)'),
        ("from aiohttp import web", "web.run_app(web.Application(), port=8080)"),
        ("from waitress import serve", "serve(object(), port=8080)"),
        ("import socketserver", "socketserver.TCPServer(('', 8080), None).serve_forever()"),
        # Flask's app.run, from a factory in another module: told where to listen
        ("from svc.web import create_app", "create_app().run(host='0.0.0.0', port=5700)"),
        ("import gradio as gr", "gr.Blocks().launch(server_name='0.0.0.0', server_port=7860)"),
        # worker loops: a job's failure goes to the library's registry or redelivery
        ("from rq import Worker", "w = Worker(['default'])\n    w.work()"),
        ("import rq", "rq.SimpleWorker(['default']).work(with_scheduler=True)"),
        (
            "from google.cloud import pubsub_v1",
            "sub = pubsub_v1.SubscriberClient()\n"
            "    future = sub.subscribe('projects/p/subscriptions/s', print)\n"
            "    future.result()",
        ),
        ("from arq import run_worker", "run_worker(object)"),
    ],
)
def test_an_entry_that_starts_a_server_is_not_a_batch_job(
    tmp_path: Path, imports: str, serve: str
) -> None:
    # A server logs a failed optional start-up step and serves on: no exit code to lose.
    assert _project(tmp_path, STARTUP.format(imports=imports, serve=serve)) == []


@pytest.mark.parametrize(
    ("imports", "serve"),
    [
        ("", "print('done')"),
        # a burst worker ends when the queues are empty: the run is a batch
        ("from rq import Worker", "Worker(['default']).work(burst=True)"),
        # ``work`` and ``result`` of objects no job library made
        ("from svc.jobs import Pool", "Pool().work()"),
        ("import concurrent.futures as cf", "cf.ThreadPoolExecutor().submit(print).result()"),
    ],
)
def test_the_same_start_up_step_in_a_batch_is_a_lost_failure(
    tmp_path: Path, imports: str, serve: str
) -> None:
    (site,) = _project(tmp_path, STARTUP.format(imports=imports, serve=serve))
    assert site.where == "svc/main.py:10"


@pytest.mark.parametrize(
    ("imports", "serve"),
    [
        # the chat loop lives in a module of its own that uses a line editor
        ("from svc.chat import chat", "chat()"),
        ("", "answer = input('apply? [y/N] ')"),
    ],
)
def test_an_interactive_program_is_not_a_batch_job(
    tmp_path: Path, imports: str, serve: str
) -> None:
    # Its user reads the printed failure at the terminal; the exit code is not the report.
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "chat.py").write_text(
        "from prompt_toolkit import PromptSession\n\n\n"
        "def chat():\n    PromptSession().prompt('> ')\n"
    )
    assert _project(tmp_path, STARTUP.format(imports=imports, serve=serve)) == []


def test_a_project_function_named_input_does_not_make_a_batch_interactive(
    tmp_path: Path,
) -> None:
    main = STARTUP.format(imports="", serve="input()").replace(
        "def main()", "def input() -> None:\n    print('reading the input bucket')\n\n\ndef main()"
    )
    (site,) = _project(tmp_path, main)
    assert site.where == "svc/main.py:10"


DAEMON = """
import logging
import sys
import time

log = logging.getLogger(__name__)


def main():
    try:
        tunnel = connect()
        while True:
            time.sleep(5)
            if not tunnel.healthy():
                log.error("tunnel down, exiting for a restart")
                sys.exit(1)
    except Exception:
        log.exception("tunnel failed")


def connect():
    raise NotImplementedError


if __name__ == "__main__":
    main()
"""


def _batch_facts(tmp_path: Path, source: str) -> list[tuple[str, str]]:
    (tmp_path / "main.py").write_text(source)
    (tmp_path / "Dockerfile").write_text(
        'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n'
    )
    result = CodeSource(str(tmp_path)).collect(
        SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=30)
    )
    return [
        (s.where, s.attr("mechanism"))
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
    ]


def test_a_daemon_that_only_a_failure_ends_has_no_exit_code_to_lose(tmp_path: Path) -> None:
    """A tunnel kept up by its container's restart policy: `while True` that only
    `sys.exit(1)` leaves. Its exit code reports no item, so its handler is not a batch's
    lost failure. The same loop that exits 0 once the work is done is a batch that drains."""
    assert _batch_facts(tmp_path, DAEMON) == []
    drains = DAEMON.replace(
        "            if not tunnel.healthy():",
        "            if tunnel.drained():\n                sys.exit(0)\n            if not tunnel.healthy():",
    )
    (tmp_path / "drains").mkdir()
    assert [where for where, _ in _batch_facts(tmp_path / "drains", drains)] == ["main.py:19"]


SHARED_COUNTER = """import asyncio
import logging

log = logging.getLogger(__name__)
{state}

async def summarise(item):
    return item


async def run(items):
    {declare_outer}

    async def one(item):
        {declare}
        try:
            await summarise(item)
        except Exception as exc:
            failed += 1
            log.warning("skipped %s: %s", item, exc)

    await asyncio.gather(*(one(i) for i in items))
    return {result}


if __name__ == "__main__":
    raise SystemExit(asyncio.run(run([1, 2])))
"""


@pytest.mark.parametrize(
    ("state", "declare_outer", "declare", "result", "lost"),
    [
        # the closure counts in its definer's scope, which turns the count into the code
        ("", "failed = 0", "nonlocal failed", "0 if failed == 0 else 1", False),
        ("failed = 0", "global failed", "global failed", "1 if failed else 0", False),
        # the same count that the definer never reads is lost
        ("", "failed = 0", "nonlocal failed", "0", True),
    ],
)
def test_a_closure_s_nonlocal_or_global_count_reaches_the_definer(
    tmp_path: Path, state: str, declare_outer: str, declare: str, result: str, lost: bool
) -> None:
    """A nested ``one`` gathered by ``run`` that counts failures with ``nonlocal failed``
    writes ``run``'s own name; ``return 0 if failed < limit else 1`` reports them."""
    source = SHARED_COUNTER.format(
        state=state, declare_outer=declare_outer, declare=declare, result=result
    )
    found = _batch_facts(tmp_path, source)
    assert bool(found) is lost, found
