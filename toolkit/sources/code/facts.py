"""Building `CodeSite` records the same way everywhere.

Every fact quotes the source line it sits on; quoting, trimming and redaction
happen here so no extractor can forget to mask a credential in a snippet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from opsdoc.evidence import CodeSite, Ref
from opsdoc.redact import redact

SOURCE_NAME = "code"
SNIPPET_MAX = 200

BLOCKING_WAIT = "blocking-wait"
JOB_CONTEXT = "job-context"
SERVICE_CONTEXT = "service-context"
LONG_RUNNING = "long-running"
IMAGE_BUILD = "image-build"
APP_REGISTRY = "app-registry"
"""An object stored in a web app's registry (``app["thumbnails"] = ThumbnailClient(...)``,
``app.state.llm = Anthropic()``) that handlers later take back out of ``request.app``."""
"""A Dockerfile: the folder it builds an image from, and what that image runs by default."""
"""A workload the platform keeps running (a Kubernetes Deployment and its kin): what it runs
is meant to listen forever."""
HTTP_HANDLER = "http-handler"
BACKGROUND_WORK = "background-work"
SUPPRESSION = "suppression"
BLOCKING_IN_ASYNC = "blocking-in-async"
TASK_DROPPED = "task-dropped"
THREAD_LOOP_BRIDGE = "thread-loop-bridge"
SWALLOWED_EXCEPTION = "swallowed-exception"
LOGGING_CONFIG = "logging-config"
SCRIPT_RUN = "script-run"
PUBSUB_CONSUMER = "pubsub-consumer"
"""A ``__main__`` guard runs a coroutine of another module (or a method) to completion."""
TEST_SUPPORT = "test-support"
"""A module that defines pytest fixtures: test set-up, wherever it sits."""


def snippet_of(lines: Sequence[str], line: int) -> str:
    """The stripped, redacted source line ``line`` (1-based), at most `SNIPPET_MAX` chars."""
    if not 1 <= line <= len(lines):
        return ""
    text = redact(lines[line - 1].strip())
    if len(text) > SNIPPET_MAX:
        text = text[: SNIPPET_MAX - 1] + "…"
    return text


def make_site(
    kind: str,
    path: str,
    line: int,
    lines: Sequence[str],
    function: str = "",
    attrs: Mapping[str, str] | None = None,
) -> CodeSite:
    """A fact at ``path:line``; attribute values are redacted because they echo user code."""
    pairs = tuple(sorted((k, redact(str(v))) for k, v in (attrs or {}).items()))
    return CodeSite(
        ref=Ref(SOURCE_NAME, f"{path}:{line}"),
        kind=kind,
        path=path,
        line=line,
        snippet=snippet_of(lines, line),
        function=function,
        attrs=pairs,
    )


def dedupe(sites: Sequence[CodeSite]) -> list[CodeSite]:
    """One fact per (kind, path, line): the first extractor to claim a site wins."""
    seen: set[tuple[str, str, int]] = set()
    out: list[CodeSite] = []
    for site in sites:
        key = (site.kind, site.path, site.line)
        if key not in seen:
            seen.add(key)
            out.append(site)
    return out


def sort_key(site: CodeSite) -> tuple[str, int, str]:
    return (site.path, site.line, site.kind)
