"""Reading deploy and run commands: ``gcloud run ...``, ``rq worker``, ``python -m ...``.

The same command shows up in shell scripts, Makefiles, Dockerfiles, CI YAML and
Procfiles; every format hands its command lines (or argv lists) to this module
so a deploy is understood the same way wherever it is written.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from opsdoc.sources.code.facts import BLOCKING_WAIT, JOB_CONTEXT, SERVICE_CONTEXT

SHELL_OPERATORS = frozenset({"&&", "||", ";", "|", "&", ";;", "(", ")", "|&"})
JOB_VERBS = frozenset({"deploy", "create", "update", "execute", "replace"})
VALUE_FLAGS_GREEDY = frozenset({"args", "command"})
BOOLEAN_FLAGS = frozenset(
    {
        "async",
        "wait",
        "quiet",
        "q",
        "execute-now",
        "allow-unauthenticated",
        "no-allow-unauthenticated",
        "cpu-throttling",
        "no-cpu-throttling",
        "cpu-boost",
        "no-cpu-boost",
        "no-traffic",
        "clear-env-vars",
        "use-http2",
        "no-use-http2",
        "session-affinity",
        "no-session-affinity",
        "default-url",
        "no-default-url",
        "help",
    }
)
SUBSTITUTION = re.compile(r"\$\([^)]*\)|\$\{[^}]*\}")
DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
PYTHON = re.compile(r"^(?:.*/)?python(?:\d+(?:\.\d+)?)?$")


@dataclass
class CommandFact:
    kind: str
    attrs: dict[str, str] = field(default_factory=dict)


def tokenize(text: str) -> list[str]:
    """Shell words of a command line; unbalanced quotes fall back to plain splitting."""
    text = SUBSTITUTION.sub("$VAR", text)
    try:
        lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        return list(lexer)
    except ValueError:
        return text.split()


def segments(tokens: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for tok in tokens:
        if tok in SHELL_OPERATORS:
            out.append([])
        else:
            out[-1].append(tok)
    return [s for s in out if s]


def parse_duration(text: str) -> str:
    """Seconds as a decimal string for ``3600``, ``3600s``, ``15m``, ``1h30m`` ('' if not one)."""
    m = DURATION.match(text.strip())
    if not m or not any(m.groups()):
        return ""
    h, mins, s = (int(g) if g else 0 for g in m.groups())
    return str(h * 3600 + mins * 60 + s)


def parse_flags(tokens: list[str]) -> tuple[list[str], dict[str, str]]:
    """Positional words and ``--flag[=value]`` options of a gcloud command."""
    positional: list[str] = []
    flags: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.startswith("--") and len(tok) > 2:
            name, eq, value = tok[2:].partition("=")
            if not eq and name not in BOOLEAN_FLAGS and i + 1 < len(tokens):
                nxt = tokens[i + 1]
                if name in VALUE_FLAGS_GREEDY or not nxt.startswith("-"):
                    value, i = nxt, i + 1
            flags[name] = value
        elif not tok.startswith("-"):
            positional.append(tok)
        i += 1
    return positional, flags


def parseable(name: str) -> bool:
    return bool(name) and not any(c in name for c in "$%{}<>*")


SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ash"})


def python_entry(argv: list[str]) -> str:
    """Relative path of the module or script a ``python ...`` argv runs ('' if none);
    ``sh -c "cd /app && python -m x"`` is read inside its string."""
    for i, tok in enumerate(argv):
        if tok.rpartition("/")[2] in SHELLS and argv[i + 1 : i + 2] == ["-c"] and i + 2 < len(argv):
            for seg in segments(tokenize(argv[i + 2])):
                found = python_entry(seg)
                if found:
                    return found
            return ""
        if not PYTHON.match(tok):
            continue
        rest = argv[i + 1 :]
        j = 0
        while j < len(rest):
            arg = rest[j]
            if arg == "-m" and j + 1 < len(rest):
                return module_path(rest[j + 1])
            if arg.startswith("-m") and len(arg) > 2:
                return module_path(arg[2:])
            if arg in ("-c",):
                return ""
            if not arg.startswith("-"):
                return arg.removeprefix("./") if arg.endswith(".py") else ""
            j += 1
    return ""


RUNNERS = frozenset(
    {
        "exec",
        "env",
        "nice",
        "nohup",
        "timeout",
        "flock",
        "chronic",
        "uv",
        "poetry",
        "pipenv",
        "pdm",
        "hatch",
    }
)
"""Words that run the command after them (``exec``, ``poetry run``, ``uv run``)."""
SCRIPT_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def run_target(argv: list[str]) -> str:
    """What a command runs: ``path:REL`` for ``python -m pkg.mod`` / ``python x.py``,
    ``script:NAME`` for another program (a console script, if the project declares it),
    '' for neither."""
    entry = python_entry(argv)
    if entry:
        return f"path:{entry}"
    for tok in argv:
        if "=" in tok and not tok.startswith("-"):
            continue  # ``FOO=1 cmd``, ``env FOO=1 cmd``
        base = tok.rpartition("/")[2]
        if base in RUNNERS or tok == "run" or tok.startswith("-") or tok.isdigit():
            continue
        return f"script:{base}" if SCRIPT_NAME.match(base) and not PYTHON.match(base) else ""
    return ""


def module_path(module: str) -> str:
    return module.replace(".", "/") + ".py" if parseable(module) else ""


def gcloud_facts(argv: list[str]) -> list[CommandFact]:
    """Facts of one ``gcloud run ...`` argv (starting at ``gcloud``)."""
    positional, flags = parse_flags(argv[1:])
    words = [w for w in positional if w not in ("beta", "alpha")]
    if len(words) < 2 or words[0] != "run":
        return []
    if words[1] == "jobs" and len(words) >= 3 and words[2] in JOB_VERBS:
        return [_job_fact(words[2], words[3:], flags)]
    if words[1] == "deploy":
        return [_service_fact(words[2:], flags)]
    if words[1] == "services" and len(words) >= 3 and words[2] in ("update", "replace"):
        return [_service_fact(words[3:] if words[2] == "update" else [], flags)]
    return []


def _job_fact(verb: str, rest: list[str], flags: dict[str, str]) -> CommandFact:
    attrs = {"mechanism": "gcloud", "verb": verb}
    if verb != "replace" and rest and parseable(rest[0]):
        attrs["job"] = rest[0]
    command = flags.get("command", "")
    args = flags.get("args", "")
    if command:
        attrs["command"] = command
    if args:
        attrs["args"] = args
    command, args = ",".join(gcloud_list(command)), ",".join(gcloud_list(args))
    timeout = parse_duration(flags.get("task-timeout", ""))
    if timeout:
        attrs["task_timeout"] = timeout
    argv = [a for a in [*command.split(","), *args.split(",")] if a]
    if not command and argv and (argv[0].startswith("-m") or argv[0].endswith(".py")):
        argv.insert(0, "python")  # args appended to a Python image's entrypoint
    entry = python_entry(argv)
    if entry:
        attrs["entry"] = entry
    return CommandFact(JOB_CONTEXT, attrs)


def gcloud_list(value: str) -> list[str]:
    """A gcloud list flag: comma-separated, or split by the delimiter ``^D^`` names
    (``--args="^@^-c@python -m x"``)."""
    if len(value) > 3 and value[0] == "^" and value[2] == "^":
        return value[3:].split(value[1])
    return value.split(",") if value else []


def _service_fact(rest: list[str], flags: dict[str, str]) -> CommandFact:
    attrs = {"mechanism": "gcloud"}
    if rest and parseable(rest[0]):
        attrs["service"] = rest[0]
    timeout = parse_duration(flags.get("timeout", ""))
    if timeout:
        attrs["timeout"] = timeout
    if "no-cpu-throttling" in flags:
        attrs["cpu_throttling"] = "false"
    elif "cpu-throttling" in flags:
        attrs["cpu_throttling"] = "true"
    if flags.get("min-instances", "").isdigit():
        attrs["min_instances"] = flags["min-instances"]
    return CommandFact(SERVICE_CONTEXT, attrs)


def rq_worker_fact(argv: list[str]) -> CommandFact | None:
    """A blocking-wait fact for ``rq worker`` without burst mode."""
    for i, tok in enumerate(argv):
        base = tok.rpartition("/")[2]
        runs_worker = (
            (base == "rq" and i + 1 < len(argv) and argv[i + 1] in ("worker", "worker-pool"))
            or base == "rqworker"
            or (base == "rq.cli" and "worker" in argv[i + 1 :])
        )
        if runs_worker:
            if any(a in ("--burst", "-b") for a in argv[i + 1 :]):
                return None
            return CommandFact(BLOCKING_WAIT, {"mechanism": "rq-work-forever", "call": "rq worker"})
    return None


def argv_facts(argv: list[str]) -> list[CommandFact]:
    """Facts of one simple command (no shell operators)."""
    out: list[CommandFact] = []
    for i, tok in enumerate(argv):
        if tok.lstrip("@-").rpartition("/")[2] == "gcloud":
            out.extend(gcloud_facts(argv[i:]))
            break
    rq = rq_worker_fact(argv)
    if rq is not None:
        out.append(rq)
    return out


MAX_COMMAND_LINE = 8 * 1024
"""Longer lines are data (a recorded HTTP body, a base64 blob), not a deploy command."""
_COMMAND_WORD = re.compile(r"(?<![\w.-])(?:gcloud|rq|rqworker|rq\.cli)(?![\w-])")


def line_facts(text: str) -> list[CommandFact]:
    """Facts of a shell command line (may hold several commands).

    Only a line that names ``gcloud`` or ``rq`` as a word is split into shell words:
    the splitter reads one character at a time, and YAML files full of recorded
    responses (test cassettes) hold megabytes of text with ``rq`` inside other words.
    """
    if ("gcloud" not in text and "rq" not in text) or len(text) > MAX_COMMAND_LINE:
        return []
    if _COMMAND_WORD.search(text) is None:
        return []
    out: list[CommandFact] = []
    for seg in segments(tokenize(text)):
        out.extend(argv_facts(seg))
    return out


def logical_lines(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Lines with backslash continuations joined, each with its first line number."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    start = first_line
    for n, raw in enumerate(text.splitlines(), start=first_line):
        if not buf:
            start = n
        stripped = raw.rstrip()
        if stripped.endswith("\\"):
            buf.append(stripped[:-1])
            continue
        buf.append(raw)
        out.append((start, " ".join(buf)))
        buf = []
    if buf:
        out.append((start, " ".join(buf)))
    return out
