"""What every live Google Cloud source shares: a time budget, credentials, channels, errors.

A live source must answer within its deadline whatever the network does, and a
user without credentials or without a role must be told what to run, not shown a
traceback. Keeping the budget and the error wording here makes the four sources
behave the same way.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Callable
from typing import Any

from opsdoc.redact import redact
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult

SCOPE = "https://www.googleapis.com/auth/cloud-platform"
NO_ADC = (
    "no Google credentials found: run `gcloud auth application-default login` "
    "or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file"
)
MIN_CALL_S = 0.05
"""Below this much time left, a call cannot succeed: stop instead of starting it."""
MAX_RETRY_S = 5.0
"""A persistent outage is reported after this long (or half the budget) rather than eating it all."""
SHARE = 0.8
"""Part of its deadline a source spends calling APIs: the rest is for mapping and reporting,
so a source reports its own failure before the engine has to abandon it."""


_RUN_MISSING = re.compile(
    r"Resource '(?P<name>[^']+)' of kind '(?P<kind>[A-Z_]+)' in region '(?P<region>[^']*)' "
    r"in project '(?P<project>[^']*)' does not exist"
)
"""How Cloud Run Admin v2 words NOT_FOUND (``gcloud run jobs describe`` prints the same)."""


class OutOfTime(Exception):
    """The source's budget is spent: stop calling, report what was read."""


class Budget:
    """The time a source may still spend, turned into per-call timeout and retry."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(0.0, seconds)
        self.deadline = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def call(self) -> dict[str, Any]:
        """``retry=`` and ``timeout=`` for one API call, both within the budget.

        Transient errors (UNAVAILABLE, RESOURCE_EXHAUSTED, ...) are retried with
        backoff, but never past the budget nor past `MAX_RETRY_S`.
        """
        from google.api_core import exceptions, retry

        left = self.remaining()
        if left < MIN_CALL_S:
            raise OutOfTime(f"no time left within the {self.seconds:.3g} s budget")
        policy = retry.Retry(
            predicate=retry.if_exception_type(
                exceptions.ServiceUnavailable,
                exceptions.TooManyRequests,
                exceptions.InternalServerError,
            ),
            initial=0.1,
            maximum=1.0,
            multiplier=2.0,
            timeout=min(left, MAX_RETRY_S, self.seconds / 2),
        )
        return {"retry": policy, "timeout": left}


def credentials_or_problem(what: str) -> tuple[Any, InputProblem | None]:
    """Application Default Credentials, or the problem telling the user how to get them."""
    import google.auth
    from google.auth import exceptions as auth_exceptions

    try:
        with warnings.catch_warnings():
            # User credentials without a quota project warn on every use; not our business.
            warnings.simplefilter("ignore")
            creds, _project = google.auth.default(scopes=[SCOPE])
    except auth_exceptions.DefaultCredentialsError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else ""
        reason = NO_ADC
        if detail and "Could not automatically" not in detail:
            reason = f"{NO_ADC} ({redact(detail)})"  # e.g. the key file named does not exist
        return None, InputProblem(what, reason)
    except Exception as exc:  # a broken credentials file must not crash the run
        return None, InputProblem(what, f"{NO_ADC} ({type(exc).__name__}: {redact(str(exc))})")
    return creds, None


def grpc_transport(transport_cls: type, endpoint: str | None, credentials: Any) -> Any:
    """A gRPC transport: to Google with credentials, or insecure to a local endpoint.

    A local endpoint (emulator, test server) takes anonymous credentials over an
    insecure channel, the way the Pub/Sub emulator is reached.
    """
    if endpoint:
        import grpc

        # A channel instance carries its own (absent) credentials: the transport ignores any.
        return transport_cls(channel=grpc.insecure_channel(endpoint))
    return transport_cls(credentials=credentials)


def describe_error(exc: BaseException, role: str, what: str, missing: str = "") -> str:
    """One line for an API failure, naming the role or the command that fixes it.

    ``missing`` is what NOT_FOUND means for this call (``subscription s not found in
    project p``); without it, a Cloud Run answer names its resource itself.
    """
    from google.api_core import exceptions
    from google.auth import exceptions as auth_exceptions

    if isinstance(exc, exceptions.RetryError) and exc.cause is not None:
        exc = exc.cause
    if isinstance(exc, OutOfTime):
        return f"ran out of time: {exc}"
    if isinstance(exc, auth_exceptions.DefaultCredentialsError):
        return NO_ADC
    if isinstance(exc, auth_exceptions.RefreshError):
        return (
            "Google credentials could not be refreshed: run "
            "`gcloud auth application-default login` again"
        )
    if isinstance(exc, exceptions.PermissionDenied):
        return f"PERMISSION_DENIED: the caller needs {role} on {what} ({_message(exc)})"
    if isinstance(exc, exceptions.Unauthenticated):
        return f"UNAUTHENTICATED: {NO_ADC} ({_message(exc)})"
    if isinstance(exc, exceptions.DeadlineExceeded):
        return f"DEADLINE_EXCEEDED: no answer in time ({_message(exc)})"
    if isinstance(exc, exceptions.ServiceUnavailable):
        return f"UNAVAILABLE: the API could not be reached ({_message(exc)})"
    if isinstance(exc, exceptions.NotFound):
        return f"NOT_FOUND: {not_found(exc, missing)}"
    if isinstance(exc, exceptions.GoogleAPICallError):
        code = getattr(exc.grpc_status_code, "name", "") or str(exc.code or "error")
        return f"{code}: {_message(exc)}"
    return f"malformed or unexpected response ({type(exc).__name__}: {redact(str(exc))[:300]})"


def not_found(exc: BaseException, missing: str = "") -> str:
    """What does not exist, in a user's words: ``job ingest not found in project p, region r``."""
    found = _RUN_MISSING.search(str(getattr(exc, "message", "") or exc))
    if found:
        kind = found["kind"].lower()
        flag = " (check --region)" if kind in ("job", "service") else ""
        return (
            f"{kind} {redact(found['name'])} not found in project "
            f"{redact(found['project'])}, region {redact(found['region'])}{flag}"
        )
    if missing:
        return missing
    return f"check the project and region ({_message(exc)})"


def _message(exc: Any) -> str:
    text = str(getattr(exc, "message", "") or exc)
    return redact(" ".join(text.split()))[:300]


def to_dict(message: Any) -> dict[str, Any]:
    """A proto-plus or protobuf message as its JSON mapping (camelCase, enums by name).

    That is the shape the REST API and gcloud print, so the export mappers apply.
    """
    from google.protobuf import json_format

    pb = type(message).pb(message) if hasattr(type(message), "pb") else message
    return dict(json_format.MessageToDict(pb, preserving_proto_field_name=False))


def parallel(calls: dict[str, Callable[[], Any]], budget: Budget) -> dict[str, Any]:
    """Run independent API calls at once; each value is a result or the exception raised.

    Round trips are the cost of a live source: calls that do not depend on one
    another go out together, so a source takes one latency, not the sum.
    """
    import concurrent.futures as cf

    out: dict[str, Any] = {}
    pool = cf.ThreadPoolExecutor(max_workers=max(1, len(calls)), thread_name_prefix="opsdoc-gcp")
    try:
        futures = {pool.submit(fn): key for key, fn in calls.items()}
        done, pending = cf.wait(futures, timeout=max(0.0, budget.remaining()))
        for fut in done:
            exc = fut.exception()
            out[futures[fut]] = exc if exc is not None else fut.result()
        for fut in pending:
            out[futures[fut]] = OutOfTime(f"no answer within the {budget.seconds:.3g} s budget")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return out


def begin(
    what: str, timeout_s: float, ctx: SourceContext, credentials: Any, endpoint: str | None
) -> tuple[SourceResult, Budget, Any, bool]:
    """What every Google source does first: its result, its time budget and credentials.

    The last item is False when credentials are missing; the result then already holds
    the problem saying what to run, and the source returns it as is.
    """
    result = SourceResult()
    budget = Budget(min(timeout_s, ctx.deadline_s) * SHARE)
    if credentials is None and not endpoint:
        credentials, problem = credentials_or_problem(what)
        if problem is not None:
            result.problems.append(problem)
            return result, budget, None, False
    return result, budget, credentials, True
