"""Deploy commands and config files: gcloud, rq worker, Dockerfile, YAML manifests."""

from __future__ import annotations

import pytest

from opsdoc.sources.code.commands import line_facts, parse_duration, python_entry, tokenize
from opsdoc.sources.code.configs import file_type, scan_config


def facts(line: str) -> list[tuple[str, dict[str, str]]]:
    return [(f.kind, f.attrs) for f in line_facts(line)]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("3600", "3600"), ("3600s", "3600"), ("15m", "900"), ("1h30m", "5400"), ("2h", "7200")],
)
def test_durations(text: str, seconds: str) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "$TIMEOUT", "15x"])
def test_not_durations(text: str) -> None:
    assert parse_duration(text) == ""


def test_service_deploy_flags_in_both_spellings() -> None:
    line = "gcloud beta run deploy api --image=x --timeout 15m --cpu-throttling --min-instances 2"
    assert facts(line) == [
        (
            "service-context",
            {
                "mechanism": "gcloud",
                "service": "api",
                "timeout": "900",
                "cpu_throttling": "true",
                "min_instances": "2",
            },
        )
    ]


def test_services_update_and_shell_operators() -> None:
    line = "cd api && gcloud run services update api --no-cpu-throttling; rq worker -b high"
    assert facts(line) == [
        ("service-context", {"mechanism": "gcloud", "service": "api", "cpu_throttling": "false"})
    ]


def test_job_names_made_of_variables_are_not_parsed() -> None:
    ((kind, attrs),) = facts("gcloud run jobs create $(JOB_NAME) --args=-m,worker.main")
    assert kind == "job-context"
    assert "job" not in attrs
    assert attrs["entry"] == "worker/main.py"


@pytest.mark.parametrize(
    "line",
    [
        "gcloud run jobs describe ingest",
        "gcloud run jobs executions list --job ingest",
        "gcloud pubsub subscriptions describe sub",
        "echo rq worker is documented here --burst",
        "rq info --url redis://localhost",
    ],
)
def test_commands_that_are_not_facts(line: str) -> None:
    assert facts(line) == []


def test_rq_worker_forms() -> None:
    assert [k for k, _ in facts("exec /usr/local/bin/rq worker default")] == ["blocking-wait"]
    assert [k for k, _ in facts("python -m rq.cli worker default")] == ["blocking-wait"]
    assert facts("rq worker --burst default") == []


@pytest.mark.parametrize(
    ("argv", "entry"),
    [
        (["python", "-m", "app.worker"], "app/worker.py"),
        (["python3.11", "-u", "./jobs/run.py", "--once"], "jobs/run.py"),
        (["/usr/bin/python", "-mapp.main"], "app/main.py"),
        (["python", "-c", "print(1)"], ""),
        (["uvicorn", "app.main:app"], ""),
    ],
)
def test_python_entry(argv: list[str], entry: str) -> None:
    assert python_entry(argv) == entry


def test_unbalanced_quotes_do_not_raise() -> None:
    assert tokenize('gcloud run deploy "api') == ["gcloud", "run", "deploy", '"api']


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dockerfile", "dockerfile"),
        ("Dockerfile.worker", "dockerfile"),
        ("worker.dockerfile", "dockerfile"),
        ("Procfile", "procfile"),
        ("cloudbuild.prod.yml", "yaml"),
        ("package.json", "yaml"),
        ("main.tf", "terraform"),
        ("Makefile", "shell"),
        ("deploy.sh", "shell"),
        (".env.production", "shell"),
        ("pyproject.toml", "shell"),
        ("requirements-dev.txt", "text"),
        ("README.md", ""),
        ("notes.txt", ""),
    ],
)
def test_file_types(name: str, kind: str) -> None:
    assert file_type(name, name) == kind


def scan(kind: str, text: str) -> list[tuple[int, str, dict[str, str]]]:
    result = scan_config(kind, "f", text, lambda entry: "")
    return [(s.line, s.kind, dict(s.attrs)) for s in result.sites]


def test_makefile_recipe_with_continuations() -> None:
    text = (
        "JOB ?= nightly\n\n"
        "deploy:\n"
        "\t@gcloud run jobs deploy nightly-report \\\n"
        "\t\t--image $(IMAGE) \\\n"
        "\t\t--command python --args=-m,reports.nightly\n"
    )
    ((line, kind, attrs),) = scan("shell", text)
    assert (line, kind, attrs["job"], attrs["entry"]) == (
        4,
        "job-context",
        "nightly-report",
        "reports/nightly.py",
    )


def test_dockerfile_cmd_forms_and_run_lines() -> None:
    text = 'FROM python:3.11\nRUN pip install rq\nCMD ["rq", "worker", "default"]\n'
    assert scan("dockerfile", text) == [
        (3, "blocking-wait", {"call": "rq worker", "mechanism": "rq-work-forever"})
    ]
    entry = scan_config("dockerfile", "Dockerfile", "ENTRYPOINT python -m app.jobs\n", str)
    assert entry.docker_entry == "app/jobs.py"


def test_github_workflow_run_block() -> None:
    text = (
        "on: push\n"
        "jobs:\n"
        "  deploy:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: |\n"
        "          echo deploying\n"
        "          gcloud run jobs update etl --region us-central1 --task-timeout=1h\n"
    )
    ((line, kind, attrs),) = scan("yaml", text)
    assert (line, kind, attrs["job"], attrs["task_timeout"]) == (9, "job-context", "etl", "3600")


def test_k8s_cronjob_and_knative_service_in_one_file() -> None:
    text = (
        "apiVersion: batch/v1\n"
        "kind: CronJob\n"
        "metadata: {name: nightly}\n"
        "spec:\n"
        "  schedule: '0 3 * * *'\n"
        "  jobTemplate:\n"
        "    spec:\n"
        "      template:\n"
        "        spec:\n"
        "          containers:\n"
        "          - name: job\n"
        "            image: x\n"
        "            command: [python, -m, jobs.nightly]\n"
        "---\n"
        "apiVersion: serving.knative.dev/v1\n"
        "kind: Service\n"
        "metadata: {name: api}\n"
        "spec:\n"
        "  template:\n"
        "    metadata:\n"
        "      annotations:\n"
        "        run.googleapis.com/cpu-throttling: 'False'\n"
        "    spec:\n"
        "      timeoutSeconds: 900\n"
    )
    assert scan("yaml", text) == [
        (
            2,
            "job-context",
            {
                "command": "python,-m,jobs.nightly",
                "entry": "jobs/nightly.py",
                "image": "x",
                "job": "nightly",
                "mechanism": "k8s-cronjob",
            },
        ),
        (
            16,
            "service-context",
            {
                "cpu_throttling": "false",
                "mechanism": "knative-yaml",
                "service": "api",
                "timeout": "900",
            },
        ),
    ]


def test_templated_yaml_falls_back_to_lines() -> None:
    text = "{{ if .Values.deploy }}\nscript: gcloud run deploy {{ .Values.name }} --timeout=60\n"
    ((line, kind, attrs),) = scan("yaml", text)
    assert (line, kind, attrs.get("service"), attrs["timeout"]) == (
        2,
        "service-context",
        None,
        "60",
    )


def test_terraform_service_and_job() -> None:
    text = (
        'resource "google_cloud_run_v2_service" "api" {\n'
        '  name = "api"\n'
        "}\n"
        'resource "google_cloud_run_job" "etl" {\n'
        '  name = "etl-${var.env}"\n'
        "}\n"
    )
    assert [
        (line, kind, attrs.get("service") or attrs.get("job"))
        for line, kind, attrs in scan("terraform", text)
    ] == [
        (1, "service-context", "api"),
        (4, "job-context", None),
    ]


WORKER_POD = (
    "apiVersion: {api}\n"
    "kind: {kind}\n"
    "metadata: {{name: thumbnail-worker}}\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: worker\n"
    "        image: x\n"
    '        command: ["rq", "worker", "thumbnails", "--url", "redis://redis:6379/0"]\n'
)


@pytest.mark.parametrize(
    ("api", "kind"),
    [
        ("apps/v1", "Deployment"),
        ("apps/v1", "StatefulSet"),
        ("apps/v1", "DaemonSet"),
        ("serving.knative.dev/v1", "Service"),
    ],
)
def test_a_worker_that_a_long_running_workload_runs_is_not_a_blocking_wait(
    api: str, kind: str
) -> None:
    assert [k for _, k, _ in scan("yaml", WORKER_POD.format(api=api, kind=kind))] == (
        ["service-context"] if api.startswith("serving") else ["long-running"]
    )


@pytest.mark.parametrize(("api", "kind"), [("batch/v1", "Job"), ("v1", "Pod")])
def test_a_worker_that_a_job_or_a_bare_pod_runs_is_a_blocking_wait(api: str, kind: str) -> None:
    kinds = [k for _, k, _ in scan("yaml", WORKER_POD.format(api=api, kind=kind))]
    assert "blocking-wait" in kinds


def test_only_lines_naming_gcloud_or_rq_as_a_word_are_split() -> None:
    assert facts("rq worker emails") == [
        ("blocking-wait", {"call": "rq worker", "mechanism": "rq-work-forever"})
    ]
    # recorded HTTP bodies: `rq` inside other words, and data far longer than a command
    assert facts('{"id": "chatcmpl-AbrqX", "text": "Carquery unrqualified"}') == []
    assert facts("rq worker emails " + "a" * 9000) == []


def test_a_cassette_of_recorded_responses_holds_no_commands() -> None:
    body = "eyJhbGciOiJIUzI1NiJ9.rqZ" * 2000  # base64-looking text with `rq` in it
    text = f"interactions:\n- request:\n    body: '{body}'\n  response:\n    status: 200\n"
    assert scan("yaml", text) == []


def test_a_deployments_replica_count_and_the_autoscaler_that_scales_it() -> None:
    text = (
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata: {name: feeds-worker}\n"
        "spec:\n"
        "  replicas: 3\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "      - name: worker\n"
        "        image: feeds:1\n"
        "---\n"
        "apiVersion: autoscaling/v2\n"
        "kind: HorizontalPodAutoscaler\n"
        "metadata: {name: feeds-worker}\n"
        "spec:\n"
        "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: feeds-worker}\n"
        "  minReplicas: 2\n"
        "  maxReplicas: 10\n"
    )
    assert scan("yaml", text) == [
        (
            2,
            "long-running",
            {
                "command": "",
                "image": "feeds:1",
                "replicas": "3",
                "workload": "Deployment feeds-worker",
            },
        ),
        (13, "long-running", {"autoscaled": "true", "workload": "Deployment feeds-worker"}),
    ]


def test_workload_settings_name_the_queue_and_never_keep_a_key() -> None:
    """A Deployment's environment values say which subscription it serves (Q001 reads them);
    a key written in clear into the manifest is masked before it becomes a fact."""
    from opsdoc.sources.code.configs import _settings

    containers = [
        {
            "env": [
                {"name": "SUBSCRIPTION", "value": "orders-sub"},
                {"name": "WORKERS", "value": 4},
                {"name": "ANTHROPIC_API_KEY", "value": "sk-ant-api03-" + "x" * 40},
                {"name": "FROM_SECRET", "valueFrom": {"secretKeyRef": {"name": "s"}}},
            ]
        }
    ]
    settings = _settings(containers)
    assert settings.split()[:2] == ["orders-sub", "4"]
    assert "x" * 20 not in settings
