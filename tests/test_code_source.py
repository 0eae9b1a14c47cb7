"""The code source on small realistic projects: exact facts, and none on the near misses."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.evidence import CodeSite, Ref
from opsdoc.sources.base import SourceContext, SourceResult
from opsdoc.sources.code import CodeSource
from opsdoc.sources.code.walk import iter_files

FIXTURES = Path(__file__).parent / "fixtures" / "code"


def collect(name: str | Path) -> SourceResult:
    root = name if isinstance(name, Path) else FIXTURES / name
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=30)
    return CodeSource(str(root)).collect(ctx)


def facts(name: str | Path, kind: str | None = None) -> list[CodeSite]:
    result = collect(name)
    sites = [r for r in result.records if isinstance(r, CodeSite)]
    return [s for s in sites if kind is None or s.kind == kind]


def brief(sites: list[CodeSite], *keys: str) -> list[tuple[str, ...]]:
    return [(s.where, s.function, *(s.attr(k) for k in keys)) for s in sites]


def test_streaming_pull_result_without_timeout_is_found_through_def_use() -> None:
    waits = facts("pubsub_subscribe_result_forever", "blocking-wait")
    assert brief(waits, "mechanism", "call") == [
        (
            "app/workers/content_worker.py:29",
            "ContentWorker.run",
            "future-result",
            "streaming_pull_future.result",
        ),
        (
            "app/workers/content_worker.py:43",
            "BackgroundListener.wait",
            "future-result",
            "self._future.result",
        ),
        (
            "app/workers/content_worker.py:48",
            "listen_forever",
            "future-result",
            "subscriber.subscribe().result",
        ),
    ]
    site = waits[0]
    assert site.snippet == "streaming_pull_future.result()"
    assert site.ref == Ref("code", "app/workers/content_worker.py:29")


def test_job_deploy_names_its_entry_module() -> None:
    jobs = facts("pubsub_subscribe_result_forever", "job-context")
    deploy, execute = jobs
    assert deploy.where == "deploy.sh:4"
    assert dict(deploy.attrs) == {
        "args": "-m,app.workers.content_worker",
        "command": "python",
        "entry": "app/workers/content_worker.py",
        "job": "dev-vividly-content-worker",
        "mechanism": "gcloud",
        "task_timeout": "5400",
        "verb": "deploy",
    }
    # no --command: the job runs the image's CMD, the only Dockerfile in the project
    assert execute.where == "deploy.sh:11"
    assert execute.attr("entry") == "app/workers/content_worker.py"
    assert execute.attr("verb") == "execute"


def test_result_with_timeout_cancel_then_result_and_executor_futures_are_not_waits() -> None:
    result = collect("subscribe_result_with_timeout_healthy")
    sites = [r for r in result.records if isinstance(r, CodeSite)]
    assert sorted({s.kind for s in sites}) == ["job-context", "pubsub-consumer"]
    sites = [s for s in sites if s.kind == "job-context"]
    assert dict(sites[0].attrs) == {
        "args": "-m,worker.listen",
        "command": "python",
        "entry": "worker/listen.py",
        "image": "us-docker.pkg.dev/demo/workers/listen:latest",
        "job": "listen-job",
        "mechanism": "cloud-run-job-yaml",
    }
    assert result.problems == []


def test_consume_loops_without_exit_on_empty() -> None:
    waits = facts("while_true_pull_no_exit", "blocking-wait")
    assert brief(waits, "mechanism", "call") == [
        ("worker/puller.py:29", "Puller.run", "consume-loop", "self.subscriber.pull"),
        ("worker/puller.py:51", "Puller.run_redis", "consume-loop", "conn.blpop"),
        ("worker/puller.py:59", "drain_local", "consume-loop", "JOBS.get"),
    ]
    assert waits[0].snippet == "while True:"


def test_cloud_build_args_and_terraform_declare_jobs() -> None:
    jobs = facts("while_true_pull_no_exit", "job-context")
    assert brief(jobs, "mechanism", "job", "entry") == [
        ("cloudbuild.yaml:6", "", "gcloud", "puller", "worker/puller.py"),
        ("infra/main.tf:1", "", "terraform", "puller-job", ""),
    ]


def test_drain_loop_that_breaks_on_empty_yields_nothing() -> None:
    result = collect("drain_loop_healthy")
    assert result.records == []
    assert result.problems == []
    assert result.detail.startswith("1 files, 1 parsed")


def test_rq_workers_without_burst_in_code_and_command_lines() -> None:
    waits = facts("rq_work_no_burst", "blocking-wait")
    assert brief(waits, "mechanism", "call") == [
        ("Procfile:2", "", "rq-work-forever", "rq worker"),
        ("custom_worker.py:12", "run", "rq-work-forever", "worker.work"),
        ("k8s/worker-job.yaml:14", "", "rq-work-forever", "rq worker"),
        ("scripts/run_worker.sh:3", "", "rq-work-forever", "rq worker"),
        ("worker.py:18", "main", "rq-work-forever", "w.work"),
        ("worker.py:22", "simple", "rq-work-forever", "SimpleWorker().work"),
    ]


def test_k8s_job_is_a_job_context_and_secrets_are_redacted() -> None:
    (job,) = facts("rq_work_no_burst", "job-context")
    assert job.where == "k8s/worker-job.yaml:2"
    assert job.attr("mechanism") == "k8s-job"
    assert job.attr("job") == "ingestion-worker"
    assert "hunter2" not in job.attr("args")
    assert all("hunter2" not in s.snippet for s in facts("rq_work_no_burst"))


def test_fastapi_handlers_with_prefixes_across_modules() -> None:
    handlers = facts("fastapi_sync_long_handler", "http-handler")
    assert brief(handlers, "method", "route", "is_async", "long_work", "calls") == [
        ("backend/api/main.py:11", "healthz", "GET", "/healthz", "false", "", ""),
        (
            "backend/api/routers/media.py:10",
            "mirror",
            "GET,POST",
            "/media/mirror",
            "false",
            "http-in-loop,sleep",
            "",
        ),
        (
            "backend/api/routers/tasks.py:24",
            "assemble_episode_task",
            "POST",
            "/api/tasks/assemble",
            "true",
            "subprocess",
            "create_podcast_episode,storage.upload_result",
        ),
        (
            "backend/api/routers/tasks.py:36",
            "task_status",
            "GET",
            "/api/tasks/status/{episode_id}",
            "true",
            "",
            "",
        ),
    ]
    assert {h.attr("framework") for h in handlers} == {"fastapi"}
    assert {h.attr("offloads") for h in handlers} == {""}


def test_gcloud_run_deploy_in_a_cloud_build_script_block() -> None:
    (svc,) = facts("fastapi_sync_long_handler", "service-context")
    assert svc.where == "cloudbuild.yaml:7"
    assert dict(svc.attrs) == {
        "cpu_throttling": "false",
        "mechanism": "gcloud",
        "min_instances": "1",
        "service": "podcast-api",
        "timeout": "3600",
    }


def test_flask_blueprint_prefix_llm_and_media_work() -> None:
    handlers = facts("flask_long_handler", "http-handler")
    assert brief(handlers, "framework", "method", "route", "long_work") == [
        ("webapp/__init__.py:16", "ping", "flask", "POST", "/ping", ""),
        ("webapp/media.py:21", "transcode", "flask", "POST", "/media/transcode", "llm-call,media"),
        ("webapp/media.py:28", "list_media", "flask", "GET", "/media/list", ""),
    ]


def test_django_urlconf_include_resolves_views_parsed_on_demand() -> None:
    handlers = facts("django_long_view", "http-handler")
    assert brief(handlers, "framework", "method", "route", "long_work", "offloads") == [
        (
            "reports/views.py:14",
            "generate_report",
            "django",
            "POST",
            "/api/reports/<int:pk>/",
            "subprocess",
            "",
        ),
        ("reports/views.py:20", "ExportView.get", "django", "GET", "/api/export/", "", ""),
        (
            "reports/views.py:23",
            "ExportView.post",
            "django",
            "POST",
            "/api/export/",
            "join",
            "process",
        ),
    ]


def test_background_work_records_handler_and_whether_the_handle_is_kept() -> None:
    sites = facts("fastapi_thread_offload", "background-work")
    assert brief(sites, "mechanism", "handler", "kept") == [
        ("app/main.py:25", "assemble_episode_task", "thread", "assemble_episode_task", "false"),
        (
            "app/main.py:32",
            "start_default_provision",
            "create_task",
            "start_default_provision",
            "true",
        ),
        ("app/main.py:40", "fire_and_forget", "create_task", "fire_and_forget", "false"),
        ("app/main.py:46", "provision_later", "background_tasks", "provision_later", "true"),
        ("app/main.py:57", "_submit", "executor", "render", "false"),
        ("app/main.py:61", "watcher", "ensure_future", "", "false"),
    ]


def test_offloading_handlers_have_no_long_work() -> None:
    handlers = facts("fastapi_thread_offload", "http-handler")
    assert brief(handlers, "route", "long_work", "offloads") == [
        ("app/main.py:19", "assemble_episode_task", "/api/tasks/assemble", "", "thread"),
        ("app/main.py:31", "start_default_provision", "/api/provision/start", "", "create_task"),
        ("app/main.py:39", "fire_and_forget", "/api/provision/fire", "", "create_task"),
        ("app/main.py:45", "provision_later", "/api/provision/later", "", "background_tasks"),
        ("app/main.py:51", "render", "/api/render", "", "executor"),
    ]


def test_knative_service_manifest() -> None:
    (svc,) = facts("fastapi_thread_offload", "service-context")
    assert svc.where == "service.yaml:2"
    assert dict(svc.attrs) == {
        "mechanism": "knative-yaml",
        "min_instances": "1",
        "service": "capi-demo",
        "timeout": "600",
    }


def test_run_forever_patterns_and_suppression_comment() -> None:
    sites = facts("run_forever_patterns")
    assert brief([s for s in sites if s.kind == "blocking-wait"], "call") == [
        ("svc/loops.py:18", "serve", "server.serve_forever"),
        ("svc/loops.py:23", "main_loop", "loop.run_forever"),
        ("svc/loops.py:27", "wait_forever", "asyncio.Event().wait"),
        ("svc/loops.py:37", "park", "asyncio.Future"),
        ("svc/loops.py:42", "park_on_loop_future", "fut"),
        ("svc/loops.py:52", "block", "shutdown.wait"),
        ("svc/loops.py:68", "sleep_until_signal", "signal.pause"),
    ]
    assert brief([s for s in sites if s.kind == "job-context"], "mechanism", "var") == [
        ("svc/loops.py:9", "", "env", "CLOUD_RUN_TASK_INDEX"),
        ("svc/loops.py:10", "", "env", "CLOUD_RUN_JOB"),
    ]
    (ignore,) = [s for s in sites if s.kind == "suppression"]
    assert (ignore.where, ignore.attr("codes")) == ("svc/loops.py:68", "T001")


def test_unparseable_files_are_input_problems_and_the_rest_is_scanned() -> None:
    result = collect("syntax_error")
    assert [(p.input, p.reason.split(":")[0]) for p in result.problems] == [
        ("broken.py", "Python syntax error at line 2"),
        ("latin1.py", "cannot decode as Python source"),
    ]
    assert [s.where for s in result.records if isinstance(s, CodeSite)] == ["fine.py:5"]


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


WAIT = "import asyncio\nasyncio.get_event_loop().run_forever()\n"


def test_gitignored_files_and_virtualenvs_are_not_scanned(tmp_path: Path) -> None:
    # built here, not committed: the fixture's own .gitignore would hide it from git
    _write(
        tmp_path,
        {
            ".gitignore": "generated/\n*.local.py\n",
            "app/real.py": WAIT,
            "app/.gitignore": "tmp_*.py\n!tmp_keep.py\n",
            "app/tmp_scratch.py": WAIT,
            "app/tmp_keep.py": WAIT,
            "generated/worker.py": WAIT,
            "scratch.local.py": WAIT,
            "myenv/pyvenv.cfg": "home = /usr/bin\n",
            "myenv/lib/python3.11/thing.py": WAIT,
            "venv/lib/x.py": WAIT,
            ".venv/lib/x.py": WAIT,
            "node_modules/pkg/x.py": WAIT,
            "build/lib/x.py": WAIT,
            "pkg.egg-info/x.py": WAIT,
            ".git/hooks/x.py": WAIT,
            "deploy/Procfile": "worker: rq worker default\n",
            "big.py": WAIT + "#" * (2 * 1024 * 1024),
            "blob.py": b"\x00\x01" + WAIT.encode(),
        },
    )
    result = collect(tmp_path)
    assert [s.where for s in result.records if isinstance(s, CodeSite)] == [
        "app/real.py:2",
        "app/tmp_keep.py:2",
        "deploy/Procfile:1",
    ]
    assert result.problems == []


IGNORE_SETS = [
    ("*.pyc\n__pycache__/\nlocal_*.py\n", "out/\n"),  # names only: verdicts kept per name
    ("local_*.py\n!local_keep.py\n", "cache\n"),  # a negation
    ("/top_only.py\nsub/deep/\n", "*.py\n!keep*.py\n"),  # anchored and nested
    ("gen*/\n", "**/skip.py\n"),  # a directory by name, and a double star
]


@pytest.mark.parametrize("root_ignore,nested_ignore", IGNORE_SETS)
def test_the_walk_sees_what_git_sees(tmp_path: Path, root_ignore: str, nested_ignore: str) -> None:
    """git is the oracle: its untracked, not ignored Python files are the walk's."""
    git = shutil.which("git")
    assert git is not None, "git is needed as the oracle of .gitignore semantics"
    names = ["a.py", "local_x.py", "local_keep.py", "keep1.py", "top_only.py", "skip.py", "c.py"]
    for folder in ("", "sub", "sub/deep", "sub/cache", "gen1", "out", "other/sub"):
        for name in names:
            path = tmp_path / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x = 1\n")
    (tmp_path / ".gitignore").write_text(root_ignore)
    (tmp_path / "sub" / ".gitignore").write_text(nested_ignore)
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True)
    listed = subprocess.run(
        [git, "-C", str(tmp_path), "ls-files", "--others", "--exclude-standard", "*.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    walked = [f.rel for f in iter_files(str(tmp_path)) if f.kind == "python"]
    assert sorted(walked) == sorted(listed)
    assert 0 < len(walked) < 7 * len(names)  # something was ignored, something was not


def test_timeout_stops_the_scan_with_a_note(tmp_path: Path) -> None:
    _write(tmp_path, {f"m{i}.py": WAIT for i in range(5)})
    ctx = SourceContext(datetime(2026, 1, 1, tzinfo=UTC), str(tmp_path), deadline_s=0.0)
    result = CodeSource(str(tmp_path)).collect(ctx)
    assert "stopped at the time limit" in result.detail


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_every_fact_is_well_formed(name: str) -> None:
    for site in facts(name):
        assert site.ref.location == site.where
        assert "\\" not in site.path and not site.path.startswith("/")
        assert len(site.snippet) <= 200
        assert list(site.attrs) == sorted(site.attrs)
        assert all(isinstance(v, str) for _, v in site.attrs)
