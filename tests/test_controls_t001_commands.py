"""T001 on an image's own command: only a job that does not set its own command runs it.

A project whose image starts ``rq worker`` for its long-running Deployment, and whose
one-off Kubernetes Job sets ``command: [python, -m, media.backfill]``, has no job that
listens forever: the Job never runs the image's command. The same image run by a
Cloud Run job that keeps the image's command is T001.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config

DOCKERFILE = (
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
    'CMD ["rq", "worker", "thumbnails", "--url", "redis://redis-media:6379/0"]\n'
)
K8S_JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: thumbnail-backfill
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: backfill
        image: europe-docker.pkg.dev/media/app/worker:2.3.1
        command: ["python", "-m", "media.backfill"]
"""
CLOUD_RUN_JOB = """apiVersion: run.googleapis.com/v1
kind: Job
metadata:
  name: thumbnail-drain
spec:
  template:
    spec:
      template:
        spec:
          containers:
          - image: europe-docker.pkg.dev/media/app/worker:2.3.1
"""


def t001(tmp_path: Path, job_yaml: str) -> list[str]:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "__init__.py").write_text("")
    (tmp_path / "media" / "backfill.py").write_text(
        "from redis import Redis\nfrom rq import Queue\n\n\ndef main() -> None:\n"
        "    q = Queue('thumbnails', connection=Redis())\n"
        "    for asset in range(10):\n        q.enqueue('media.tasks.render', asset)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "job.yaml").write_text(job_yaml)
    config = Config()
    config.select = ["T001"]
    options = Options(
        root=tmp_path,
        as_of=datetime(2026, 12, 3, 7, 0, tzinfo=UTC),
        config=config,
        offline=True,
    )
    return [f.subject for f in diagnose(options).findings if f.code == "T001"]


def test_a_job_that_sets_its_own_command_never_runs_the_images_worker(tmp_path: Path) -> None:
    assert t001(tmp_path, K8S_JOB) == []


def test_a_job_that_keeps_the_images_command_runs_its_worker(tmp_path: Path) -> None:
    assert t001(tmp_path, CLOUD_RUN_JOB) == ["Dockerfile:4"]


K8S_CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: thumbnail-drain
spec:
  schedule: "*/15 * * * *"
  jobTemplate:
    spec:
      activeDeadlineSeconds: 600
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: drain
            image: europe-docker.pkg.dev/media/app/worker:2.3.1
"""


def test_a_kubernetes_cronjob_is_named_and_advised_as_kubernetes(tmp_path: Path) -> None:
    """The same wait under a Kubernetes CronJob: its deadline kills the pod, not Cloud
    Run's task timeout, and the commands to look are kubectl's, not gcloud's."""
    t001(tmp_path, K8S_CRONJOB)
    config = Config()
    config.select = ["T001"]
    options = Options(
        root=tmp_path, as_of=datetime(2026, 12, 3, 7, 0, tzinfo=UTC), config=config, offline=True
    )
    (finding,) = [f for f in diagnose(options).findings if f.code == "T001"]
    assert "runs as Kubernetes CronJob thumbnail-drain" in finding.summary
    assert "activeDeadlineSeconds" in finding.summary
    assert "Cloud Run" not in finding.summary + finding.fix.text
    assert not any(c.startswith("gcloud") for c in finding.fix.commands)


VENDORED_JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: ingress-nginx-admission-create
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: create
        image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.1
        args:
        - create
        - --host=ingress-nginx-controller-admission
        - --namespace=$(POD_NAMESPACE)
"""
PYTHON_JOB = VENDORED_JOB.replace(
    "        args:\n", '        command: ["python", "-m", "media.listener"]\n        args:\n'
)


def listener_tree(tmp_path: Path, manifest: str) -> list[str]:
    """A server-side consume loop, and a Kubernetes Job in a manifest of the same repository."""
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "__init__.py").write_text("")
    (tmp_path / "media" / "listener.py").write_text(
        "import queue\n\n\nclass Session:\n    def __init__(self) -> None:\n"
        "        self.outbox: queue.Queue[str] = queue.Queue()\n\n"
        "    def pump(self) -> None:\n        while True:\n"
        "            item = self.outbox.get()\n            print(item)\n"
    )
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "jobs.yaml").write_text(manifest)
    config = Config()
    config.select = ["T001"]
    options = Options(
        root=tmp_path, as_of=datetime(2026, 12, 3, 7, 0, tzinfo=UTC), config=config, offline=True
    )
    return [f.subject for f in diagnose(options).findings if f.code == "T001"]


def test_a_job_that_runs_another_program_runs_none_of_the_projects_modules(
    tmp_path: Path,
) -> None:
    assert listener_tree(tmp_path, VENDORED_JOB) == []


def test_a_job_that_runs_python_may_run_the_module(tmp_path: Path) -> None:
    assert listener_tree(tmp_path, PYTHON_JOB) == ["media/listener.py:9"]


def test_a_kubernetes_cronjob_finding_in_full(tmp_path: Path) -> None:
    t001(tmp_path, K8S_CRONJOB)
    config = Config()
    config.select = ["T001"]
    options = Options(
        root=tmp_path, as_of=datetime(2026, 12, 3, 7, 0, tzinfo=UTC), config=config, offline=True
    )
    (finding,) = [f for f in diagnose(options).findings if f.code == "T001"]
    assert finding.summary == (
        "Dockerfile starts an RQ worker without burst mode, so it listens forever, but runs as "
        "Kubernetes CronJob thumbnail-drain: the pod never exits, so each run lasts until its "
        "activeDeadlineSeconds kills it (or forever without one) and later runs overlap or are "
        "skipped"
    )
    assert finding.fix.text == (
        "Make the job drain and exit: pull with a timeout, process what is there, and exit 0 "
        "when the pull comes back empty or a maximum runtime is reached. Or, if the worker must "
        "listen continuously, run it as a Deployment instead of a Job."
    )
    assert finding.fix.commands == (
        "kubectl get jobs --sort-by=.status.startTime",
        "opsdoc runbook T001",
    )
    assert [e.ref for e in finding.evidence] == ["Dockerfile:4", "k8s/job.yaml:2"]


WORKER_MODULE = """from redis import Redis
from rq import Queue, SimpleWorker


def main():
    redis = Redis.from_url("redis://redis:6379/0")
    SimpleWorker([Queue("statements", connection=redis)], connection=redis).work()


if __name__ == "__main__":
    main()
"""
FANOUT_CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: statements-fanout
spec:
  schedule: "15 6 1 * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: fanout
              image: registry.example/statements:1.4
              command: ["python", "-m", "statements.fanout"]
          restartPolicy: Never
"""
WORKER_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: statements-worker
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: worker
          image: registry.example/statements:1.4
"""


def _worker_tree(tmp_path: Path, with_deployment: bool, module: str = WORKER_MODULE) -> list[str]:
    (tmp_path / "statements").mkdir()
    (tmp_path / "statements" / "__init__.py").write_text("")
    (tmp_path / "statements" / "worker.py").write_text(module)
    (tmp_path / "statements" / "fanout.py").write_text("print('enqueue')\n")
    (tmp_path / "Dockerfile").write_text(
        'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "-m", "statements.worker"]\n'
    )
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "cronjob.yaml").write_text(FANOUT_CRONJOB)
    if with_deployment:
        (tmp_path / "k8s" / "deployment.yaml").write_text(WORKER_DEPLOYMENT)
    config = Config()
    config.select = ["T001"]
    report = diagnose(
        Options(root=tmp_path, as_of=datetime(2026, 12, 1, tzinfo=UTC), config=config, offline=True)
    )
    return [f.subject for f in report.findings]


def test_a_worker_a_deployment_runs_through_the_images_command_may_listen_forever(
    tmp_path: Path,
) -> None:
    """The Deployment sets no command, so it runs the image's CMD, the worker module; the
    CronJob runs another module. No job runs the worker."""
    assert _worker_tree(tmp_path, with_deployment=True) == []


def test_without_the_deployment_a_worker_that_is_its_own_program_is_no_jobs(
    tmp_path: Path,
) -> None:
    """The only job runs fanout; the worker is a program of its own (``__main__``), so no
    job reaches it by importing it either."""
    assert _worker_tree(tmp_path, with_deployment=False) == []


def test_without_the_deployment_a_worker_module_is_an_unsure_suspect(tmp_path: Path) -> None:
    """The same worker without its ``__main__`` guard is a function fanout might call."""
    module = WORKER_MODULE[: WORKER_MODULE.index("if __name__")]
    assert _worker_tree(tmp_path, False, module) == ["statements/worker.py:7"]


def _monorepo(tmp_path: Path, cronjob_image: str) -> list[tuple[str, str]]:
    for name in ("exporter", "listener"):
        folder = tmp_path / "services" / name
        folder.mkdir(parents=True)
        (folder / "Dockerfile").write_text(f'FROM python:3.12-slim\nCMD ["python", "{name}.py"]\n')
    (tmp_path / "services" / "exporter" / "exporter.py").write_text("print('export')\n")
    (tmp_path / "services" / "listener" / "listener.py").write_text(WORKER_MODULE)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "cronjob.yaml").write_text(
        FANOUT_CRONJOB.replace("registry.example/statements:1.4", cronjob_image).replace(
            '              command: ["python", "-m", "statements.fanout"]\n', ""
        )
    )
    config = Config()
    config.select = ["T001"]
    report = diagnose(
        Options(root=tmp_path, as_of=datetime(2026, 12, 1, tzinfo=UTC), config=config, offline=True)
    )
    return [(f.subject, f.severity.value) for f in report.findings]


def test_in_a_monorepo_code_built_into_an_image_no_job_runs_is_not_a_job(tmp_path: Path) -> None:
    """Shape of osv.dev: several images, each built from its own folder; the CronJob runs
    `exporter`, so the listener's endless loop, built into `listener`, is no job's."""
    assert _monorepo(tmp_path, "gcr.io/p/exporter:latest") == []


def test_in_a_monorepo_a_job_image_no_folder_builds_leaves_it_unsure(tmp_path: Path) -> None:
    # `nightly` is built from no folder we can name: it may be the listener, renamed. With
    # no execution that ran into its timeout, that guess is a lead, not an alarm.
    assert _monorepo(tmp_path, "gcr.io/p/nightly:latest") == [
        ("services/listener/listener.py:7", "info")
    ]


ENV_COMMAND_CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
spec:
  schedule: "10 3 * * *"
  jobTemplate:
    spec:
      activeDeadlineSeconds: 900
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: gcr.io/acme-images/base:2026.11
            env:
            - name: APP_MODE
              value: "prod"
            - name: START_CMD
              value: "python3.12 $APP_HOME/src/ops/run_task.py nightly-report"
"""


def env_command_tree(tmp_path: Path, manifest: str = ENV_COMMAND_CRONJOB) -> list[tuple[str, str]]:
    """A bot that listens forever (its own program) and a status page it serves from a
    daemon thread; the CronJob's image start script runs ``$START_CMD``, another file."""
    ops = tmp_path / "src" / "ops"
    ops.mkdir(parents=True)
    (ops / "run_task.py").write_text(
        "import sys\n\n\ndef main(name: str) -> int:\n    print('running', name)\n"
        "    return 0\n\n\nif __name__ == '__main__':\n    sys.exit(main(sys.argv[1]))\n"
    )
    (ops / "run_bot.py").write_text(
        "import time\n\nfrom ops import status\n\n\ndef main() -> None:\n"
        "    status.start()\n    while True:\n        time.sleep(60)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    (ops / "status.py").write_text(
        "import http.server\nimport threading\n\n\ndef serve(port: int) -> None:\n"
        "    httpd = http.server.HTTPServer(('', port), http.server.BaseHTTPRequestHandler)\n"
        "    httpd.serve_forever()\n\n\ndef start() -> None:\n"
        "    server = threading.Thread(target=serve, args=(8000,))\n"
        "    server.daemon = True\n    server.start()\n"
    )
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "nightly.yaml").write_text(manifest)
    config = Config()
    config.select = ["T001"]
    options = Options(
        root=tmp_path, as_of=datetime(2026, 12, 3, 7, 0, tzinfo=UTC), config=config, offline=True
    )
    return [(f.subject, f.severity.value) for f in diagnose(options).findings if f.code == "T001"]


def test_a_command_in_the_job_env_names_what_it_runs(tmp_path: Path) -> None:
    """No finding: the job runs run_task.py (named by its env's Python command line),
    run_bot.py is a program of its own, and the status server runs in a daemon thread."""
    assert env_command_tree(tmp_path) == []


def test_without_the_env_command_the_bot_may_be_what_the_job_runs(tmp_path: Path) -> None:
    """The same tree, its CronJob naming no program: any file may be the one it runs, so
    the bot's endless loop is reported; the daemon thread's server still is not."""
    manifest = ENV_COMMAND_CRONJOB.replace(
        '            - name: START_CMD\n              value: "python3.12 '
        '$APP_HOME/src/ops/run_task.py nightly-report"\n',
        "",
    )
    assert env_command_tree(tmp_path, manifest) == [("src/ops/run_bot.py:8", "error")]


def test_a_thread_that_is_not_a_daemon_keeps_the_process_alive(tmp_path: Path) -> None:
    from opsdoc.sources.code import scan_python

    source = (
        "import http.server\nimport threading\n\n\ndef serve(port):\n"
        "    httpd = http.server.HTTPServer(('', port), http.server.BaseHTTPRequestHandler)\n"
        "    httpd.serve_forever()\n\n\ndef start(daemon):\n"
        "    threading.Thread(target=serve, args=(8000,), daemon=daemon).start()\n"
    )
    waits = [s.line for s in scan_python(source, "app/status.py") if s.kind == "blocking-wait"]
    assert waits == [7]
    daemon = source.replace("daemon=daemon", "daemon=True")
    assert [s for s in scan_python(daemon, "app/status.py") if s.kind == "blocking-wait"] == []
