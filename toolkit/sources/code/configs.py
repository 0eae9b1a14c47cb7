"""Facts from deploy and config files: how the code is run, not what it does.

Whether a worker runs as a Cloud Run Job or a service, with what timeout and
CPU allocation, is written in cloudbuild files, workflows, Makefiles, scripts,
Dockerfiles, Knative/Kubernetes manifests and Terraform. Each format is read
just enough to find its command lines and manifests; the commands themselves are
understood by `commands`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from opsdoc.evidence import CodeSite
from opsdoc.nested import dig
from opsdoc.redact import redact
from opsdoc.sources.code.commands import (
    PYTHON,
    CommandFact,
    argv_facts,
    line_facts,
    logical_lines,
    python_entry,
    run_target,
    segments,
    tokenize,
)
from opsdoc.sources.code.facts import (
    BLOCKING_WAIT,
    JOB_CONTEXT,
    LONG_RUNNING,
    SERVICE_CONTEXT,
    make_site,
)

Resolver = Callable[[str], str]
"""Maps an entry path from a command (``app/worker.py``) to a scanned file, or ''."""

TF_RESOURCE = re.compile(
    r'^\s*resource\s+"(google_cloud_run_v2_\w+|google_cloud_run_\w+)"\s+"([^"]+)"'
)
TF_NAME = re.compile(r'^\s*name\s*=\s*"([^"$]+)"')
TF_ARGV = re.compile(r"^\s*(command|args)\s*=\s*\[(.*)\]")
DOCKER_INSTR = re.compile(r"^\s*(CMD|ENTRYPOINT)\s+(.*)$", re.IGNORECASE | re.DOTALL)
TF_KINDS = {
    "google_cloud_run_v2_job": JOB_CONTEXT,
    "google_cloud_run_job": JOB_CONTEXT,
    "google_cloud_run_v2_service": SERVICE_CONTEXT,
    "google_cloud_run_service": SERVICE_CONTEXT,
}
YAML_TRIGGERS = ("gcloud", "rq", "kind", "knative")


@dataclass
class ConfigScan:
    sites: list[CodeSite]
    docker_entry: str = ""
    """Python module or script a Dockerfile's CMD/ENTRYPOINT runs ('' for none)."""
    runs: list[tuple[str, str]] = field(default_factory=list)
    """What the file says a deployment runs (`commands.run_target`), and where it says so
    (``Dockerfile CMD``, ``crontab``): batch entry points."""
    scripts: dict[str, str] = field(default_factory=dict)
    """Console scripts a pyproject declares: name -> ``module:function``."""
    docker_command: str = ""
    """A Dockerfile's ENTRYPOINT then CMD arguments, comma-joined ('' for none)."""


def file_type(name: str, path: str) -> str:
    """The reader for a file name, or '' when the file is not a config file we read."""
    lower = name.lower()
    if lower.startswith("dockerfile") or lower.endswith(".dockerfile"):
        return "dockerfile"
    if lower == "procfile":
        return "procfile"
    if lower in ("crontab", "cronfile") or lower.endswith((".cron", ".crontab")):
        return "crontab"
    if "cron.d/" in path and "." not in lower:
        return "crontab"
    if lower.endswith(".service"):
        return "systemd"
    if lower.endswith((".yaml", ".yml", ".json")):
        return "yaml"
    if lower.endswith(".tf"):
        return "terraform"
    if lower in ("makefile", "gnumakefile") or lower.endswith((".sh", ".bash", ".mk")):
        return "shell"
    if lower.endswith((".toml", ".env")) or lower.startswith((".env", "env.")):
        return "shell"
    if lower.startswith("requirements") and lower.endswith(".txt"):
        return "text"
    return ""


def scan_config(kind: str, path: str, text: str, resolve: Resolver) -> ConfigScan:
    lines = text.splitlines()
    facts: list[tuple[int, CommandFact]] = []
    entry = ""
    runs: list[tuple[str, str]] = []
    scripts: dict[str, str] = {}
    docker_command = ""
    if kind == "dockerfile":
        facts, entry, docker_command = _dockerfile(text)
        runs = _docker_runs(text)
    elif kind == "procfile":
        for n, line in logical_lines(text):
            _, sep, cmd = line.partition(":")
            facts.extend((n, f) for f in line_facts(cmd if sep else line))
            runs.extend((t, "Procfile") for t in _line_runs(cmd if sep else line))
    elif kind == "crontab":
        runs = [(t, "crontab") for t in _crontab_runs(text)]
    elif kind == "systemd":
        runs = [(t, "systemd ExecStart") for t in _systemd_runs(text)]
    elif kind == "shell" and path.rpartition("/")[2] == "pyproject.toml":
        scripts = console_scripts(text)
        for n, line in logical_lines(text):
            facts.extend((n, f) for f in line_facts(line))
    elif kind == "shell":
        for n, line in logical_lines(text):
            facts.extend((n, f) for f in line_facts(line))
    elif kind == "terraform":
        facts = list(_terraform(lines))
    elif kind == "yaml":
        facts = _yaml(text)
    sites = []
    for line, fact in facts:
        attrs = dict(fact.attrs)
        if "entry" in attrs:
            attrs["entry"] = resolve(attrs["entry"]) or attrs["entry"]
        sites.append(make_site(fact.kind, path, line, lines, attrs=attrs))
    return ConfigScan(sites, resolve(entry) if entry else "", runs, scripts, docker_command)


# -- what a deployment runs --------------------------------------------------------------------


def _line_runs(line: str) -> list[str]:
    """Run targets of a shell command line (each simple command of it)."""
    out = []
    for seg in segments(tokenize(line)):
        target = run_target(seg)
        if target and target != "script:cd":
            out.append(target)
    return out


CRON_TIME = re.compile(r"^(?:@\w+\s|(?:(?:[\d*/,-]+|[A-Za-z]{3}(?:-[A-Za-z]{3})?)\s+){5})")
CRON_FIELDS = re.compile(r"^\s*(@\w+|\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.*)$")
CRON_USER = re.compile(r"^[a-z_][\w-]*$")


def _crontab_runs(text: str) -> list[str]:
    """Commands of crontab lines (``m h dom mon dow [user] command``)."""
    out: list[str] = []
    for _, line in logical_lines(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = CRON_FIELDS.match(stripped)
        if not m or not CRON_TIME.match(m.group(1) + " "):
            continue  # ``SHELL=/bin/sh`` and other settings
        command = m.group(2)
        first, _, rest = command.partition(" ")
        targets = _line_runs(command)
        if CRON_USER.match(first) and rest and (not targets or targets[0] == f"script:{first}"):
            targets = _line_runs(rest) or targets  # a system crontab names the user first
        out.extend(targets)
    return out


def _systemd_runs(text: str) -> list[str]:
    out: list[str] = []
    for _, line in logical_lines(text):
        key, sep, value = line.strip().partition("=")
        if sep and key.strip() == "ExecStart":
            out.extend(_line_runs(value.strip().lstrip("-@+!:")))
    return out


def _docker_runs(text: str) -> list[tuple[str, str]]:
    """What the image runs: its ENTRYPOINT with its CMD appended (exec form), else its CMD."""
    found: dict[str, list[str]] = {}
    for _, line in logical_lines(text):
        m = DOCKER_INSTR.match(line)
        if m:
            found[m.group(1).upper()] = _docker_argv(m.group(2).strip())
    argv = [*found.get("ENTRYPOINT", []), *found.get("CMD", [])]
    target = run_target(argv) if argv else ""
    return [(target, "Dockerfile CMD")] if target else []


def _docker_argv(body: str) -> list[str]:
    argv: list[str] | None = None
    if body.startswith("["):
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            argv = [str(a) for a in parsed]
    if argv is None:
        argv = tokenize(body)
    if argv[:2] in (["sh", "-c"], ["/bin/sh", "-c"], ["bash", "-c"], ["/bin/bash", "-c"]):
        return tokenize(" ".join(argv[2:]))
    return argv


def console_scripts(text: str) -> dict[str, str]:
    """``[project.scripts]`` (and Poetry's ``[tool.poetry.scripts]``) of a pyproject.toml."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return {}
    out: dict[str, str] = {}
    tables = [
        (data.get("project") or {}).get("scripts"),
        ((data.get("tool") or {}).get("poetry") or {}).get("scripts"),
    ]
    for table in tables:
        if isinstance(table, dict):
            for name, ref in table.items():
                if isinstance(ref, str) and ":" in ref:
                    out.setdefault(str(name), ref.split("[")[0].strip())
    return out


# -- Dockerfile ------------------------------------------------------------------------------


def _dockerfile(text: str) -> tuple[list[tuple[int, CommandFact]], str, str]:
    """Facts of the CMD/ENTRYPOINT lines, the Python entry they run, and the command the
    image runs by default (the last ENTRYPOINT, then the last CMD)."""
    out: list[tuple[int, CommandFact]] = []
    entry = ""
    last: dict[str, list[str]] = {}
    for n, line in logical_lines(text):
        m = DOCKER_INSTR.match(line)
        if not m:
            continue
        body = m.group(2).strip()
        argv: list[str] | None = None
        if body.startswith("["):
            try:
                parsed = json.loads(body)
                argv = [str(a) for a in parsed] if isinstance(parsed, list) else None
            except ValueError:
                argv = None
        if argv is None:
            from opsdoc.sources.code.commands import tokenize

            argv = tokenize(body)
        out.extend((n, f) for f in argv_facts(argv))
        entry = python_entry(argv) or entry
        last[m.group(1).upper()] = argv
    command = ",".join([*last.get("ENTRYPOINT", []), *last.get("CMD", [])])
    return out, entry, command


# -- Terraform -------------------------------------------------------------------------------


def _terraform(lines: list[str]) -> Iterator[tuple[int, CommandFact]]:
    for i, line in enumerate(lines):
        m = TF_RESOURCE.match(line)
        if not m or m.group(1) not in TF_KINDS:
            continue
        kind = TF_KINDS[m.group(1)]
        attrs = {"mechanism": "terraform", "resource": m.group(1)}
        argv: dict[str, list[str]] = {}
        for nxt in lines[i + 1 :]:
            if TF_RESOURCE.match(nxt) or nxt.rstrip() == "}":
                break
            name = TF_NAME.match(nxt)
            if name and ("job" not in attrs and "service" not in attrs):
                attrs["job" if kind == JOB_CONTEXT else "service"] = name.group(1)
            listed = TF_ARGV.match(nxt)
            if listed and kind == JOB_CONTEXT:
                argv.setdefault(listed.group(1), re.findall(r'"([^"]*)"', listed.group(2)))
        entry = python_entry([*argv.get("command", []), *argv.get("args", [])])
        if entry:
            attrs["entry"] = entry
        yield i + 1, CommandFact(kind, attrs)


# -- YAML and JSON ---------------------------------------------------------------------------


def _yaml(text: str) -> list[tuple[int, CommandFact]]:
    if not any(t in text for t in YAML_TRIGGERS):
        return []
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        docs = list(yaml.compose_all(text, Loader=loader))
    except yaml.YAMLError:
        out: list[tuple[int, CommandFact]] = []
        for n, line in logical_lines(text):
            out.extend((n, f) for f in line_facts(line))
        return out
    found: list[tuple[int, CommandFact]] = []
    for doc in docs:
        if doc is not None:
            found.extend(_manifest(doc))
            walked = _walk(doc)
            if _long_running(doc):
                # A worker in a Deployment is meant to listen forever: no job runs it.
                walked = (f for f in walked if f[1].kind != BLOCKING_WAIT)
            found.extend(walked)
    return found


LONG_RUNNING_KINDS = frozenset(
    {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"}
)
"""Kubernetes workloads that keep their pods running and restart them when they exit."""


def _long_running(doc: Any) -> bool:
    """A manifest of a workload that runs forever: a Kubernetes Deployment and its
    kin, or a Cloud Run / Knative service."""
    pairs = _pairs(doc)
    if "kind" not in pairs or "apiVersion" not in pairs:
        return False
    kind, api = pairs["kind"][1], pairs["apiVersion"][1]
    kind_name = str(getattr(kind, "value", ""))
    api_name = str(getattr(api, "value", ""))
    if api_name.startswith("serving.knative.dev"):
        return kind_name == "Service"
    return kind_name in LONG_RUNNING_KINDS


def _plain(node: Any) -> Any:
    """A composed node as plain Python (strings, lists, dicts); only what manifests need."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(k)): _plain(v) for k, v in node.value}
    return None


def _pairs(node: Any) -> dict[str, tuple[Any, Any]]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _manifest(doc: Any) -> Iterator[tuple[int, CommandFact]]:
    pairs = _pairs(doc)
    if "kind" not in pairs or "apiVersion" not in pairs:
        return
    data = _plain(doc)
    kind, api = str(data.get("kind", "")), str(data.get("apiVersion", ""))
    line = pairs["kind"][0].start_mark.line + 1
    name = str(dig(data, "metadata", "name") or "")
    if api.startswith("serving.knative.dev") and kind == "Service":
        attrs = {"mechanism": "knative-yaml", "service": name}
        settings = _settings(_containers(data))
        if settings:
            attrs["settings"] = settings
        spec = dig(data, "spec", "template", "spec") or {}
        notes = dig(data, "spec", "template", "metadata", "annotations") or {}
        if str(spec.get("timeoutSeconds", "")).isdigit():
            attrs["timeout"] = str(spec["timeoutSeconds"])
        throttling = notes.get("run.googleapis.com/cpu-throttling")
        if throttling is not None:
            attrs["cpu_throttling"] = str(throttling).strip().lower()
        if str(notes.get("autoscaling.knative.dev/minScale", "")).isdigit():
            attrs["min_instances"] = str(notes["autoscaling.knative.dev/minScale"])
        yield line, CommandFact(SERVICE_CONTEXT, attrs)
        return
    if kind == "HorizontalPodAutoscaler":
        target = dig(data, "spec", "scaleTargetRef") or {}
        if isinstance(target, dict) and target.get("name"):
            scaled = f"{target.get('kind', 'Deployment')} {target['name']}"
            yield line, CommandFact(LONG_RUNNING, {"workload": scaled, "autoscaled": "true"})
        return
    if kind in LONG_RUNNING_KINDS and not api.startswith("serving.knative.dev"):
        replicas = dig(data, "spec", "replicas")
        for container in _containers(data):
            argv = [
                str(a) for a in (container.get("command") or []) + (container.get("args") or [])
            ]
            attrs = {"workload": f"{kind} {name}".strip(), "command": " ".join(argv)}
            settings = _settings([container])
            if settings:
                attrs["settings"] = settings
            if str(replicas).isdigit() and not isinstance(replicas, bool):
                attrs["replicas"] = str(replicas)
            if container.get("image"):
                attrs["image"] = str(container["image"])
            entry = python_entry(argv)
            if entry:
                attrs["entry"] = entry
            yield line, CommandFact(LONG_RUNNING, attrs)
        return
    mechanism = ""
    if api.startswith("run.googleapis.com") and kind == "Job":
        mechanism = "cloud-run-job-yaml"
    elif api.startswith("batch/") and kind in ("Job", "CronJob"):
        mechanism = "k8s-cronjob" if kind == "CronJob" else "k8s-job"
    if not mechanism:
        return
    attrs = {"mechanism": mechanism}
    if name:
        attrs["job"] = name
    container = _first_container(data)
    if container.get("image"):
        attrs["image"] = str(container["image"])
    argv = [str(a) for a in (container.get("command") or []) + (container.get("args") or [])]
    if container.get("command"):
        attrs["command"] = ",".join(str(a) for a in container["command"])
    if container.get("args"):
        attrs["args"] = ",".join(str(a) for a in container["args"])
    entry = python_entry(argv) if argv else _env_command(container)
    if entry:
        attrs["entry"] = entry
    yield line, CommandFact(JOB_CONTEXT, attrs)


def _env_command(container: dict[str, Any]) -> str:
    """The script a container with no command of its own is told to run through its
    environment (``RUN_CMD: "python3 $ROOT/bot/run_cron.py backup"``, which the image's
    start script runs): an env value that is itself a Python command line. '' if none,
    or if several values name different scripts."""
    found: set[str] = set()
    for var in container.get("env") or []:
        value = var.get("value") if isinstance(var, dict) else None
        if not isinstance(value, str) or len(value) > 1000:
            continue
        words = tokenize(value)
        if words and PYTHON.match(words[0]):
            entry = python_entry(words)
            if entry:
                found.add(entry)
    return found.pop() if len(found) == 1 else ""


SETTINGS_KEPT = 2000
"""Characters of a workload's environment values kept (`_settings`)."""


def _settings(containers: list[dict[str, Any]]) -> str:
    """The literal environment values the containers are given, space-separated: what
    names the queue or subscription a workload serves (``SUBSCRIPTION: orders-sub``)."""
    values = [
        str(var["value"])
        for c in containers
        for var in c.get("env") or []
        if isinstance(var, dict) and isinstance(var.get("value"), str | int)
    ]
    return redact(" ".join(values)[:SETTINGS_KEPT])  # a manifest may hold a key in clear


def _containers(data: Any) -> list[dict[str, Any]]:
    """The containers of a workload's pod template (init containers left out)."""
    spec = dig(data, "spec", "template", "spec") or {}
    containers = spec.get("containers") if isinstance(spec, dict) else None
    return [c for c in containers or [] if isinstance(c, dict)]


def _first_container(data: Any) -> dict[str, Any]:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            containers = node.get("containers")
            if isinstance(containers, list) and containers and isinstance(containers[0], dict):
                return containers[0]
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return {}


def _walk(root: Any) -> Iterator[tuple[int, CommandFact]]:
    """Command lines anywhere in a document: argv lists and shell text in scalars."""
    import yaml

    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            pairs = _pairs(node)
            yield from _argv_lists(pairs)
            stack.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and ("gcloud" in node.value or "rq" in node.value):
            base = node.start_mark.line + (1 if node.style in ("|", ">") else 0)
            for n, line in logical_lines(node.value, base + 1):
                for fact in line_facts(line):
                    yield n, fact


def _argv_lists(pairs: dict[str, tuple[Any, Any]]) -> Iterator[tuple[int, CommandFact]]:
    """``entrypoint: gcloud`` + ``args: [...]`` (Cloud Build) and ``command:``/``args:`` lists."""
    import yaml

    def seq(key: str) -> list[str]:
        node = pairs.get(key, (None, None))[1]
        if isinstance(node, yaml.SequenceNode):
            return [str(n.value) for n in node.value if isinstance(n, yaml.ScalarNode)]
        return []

    entrypoint = pairs.get("entrypoint", (None, None))[1]
    image = pairs.get("name", (None, None))[1]
    ep = entrypoint.value if isinstance(entrypoint, yaml.ScalarNode) else ""
    img = image.value if isinstance(image, yaml.ScalarNode) and isinstance(image.value, str) else ""
    argv: list[str] = []
    if ep.rpartition("/")[2] == "gcloud" or (not ep and img.endswith("/gcloud")):
        argv = ["gcloud", *seq("args")]
    elif seq("command") or (isinstance(entrypoint, yaml.SequenceNode) and seq("args")):
        argv = [*seq("command"), *seq("entrypoint"), *seq("args")]
    if len(argv) < 2:
        return
    key = "args" if "args" in pairs else "command" if "command" in pairs else "entrypoint"
    line = pairs[key][0].start_mark.line + 1
    for fact in argv_facts(argv):
        yield line, fact
