"""Pub/Sub, live: subscription configuration only.

Only ``get_subscription`` and ``list_subscriptions`` are ever called: pulling (even
without acking), acking, modifying ack deadlines or seeking would change what the
user's workers see, and a doctor must not touch the patient's queue.
"""

from __future__ import annotations

import contextlib
import os
import shlex
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from opsdoc.evidence import Record, Ref
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult
from opsdoc.sources.exports.resources import subscription
from opsdoc.sources.gcp.common import (
    Budget,
    begin,
    describe_error,
    grpc_transport,
    parallel,
    to_dict,
)
from opsdoc.sources.gcp.paging import list_bounded

ROLE = "roles/pubsub.viewer"
EMULATOR_VAR = "PUBSUB_EMULATOR_HOST"


class PubSubConfigSource:
    """The configuration of named subscriptions, or of every subscription of a project."""

    name = "gcp-pubsub"

    def __init__(
        self,
        project: str,
        *,
        subscriptions: Sequence[str] = (),
        timeout_s: float = 20.0,
        max_subscriptions: int = 500,
        endpoint: str | None = None,
        credentials: Any = None,
    ) -> None:
        self.project = project
        self.subscriptions = list(subscriptions)
        self.timeout_s = timeout_s
        self.max_subscriptions = max_subscriptions
        self.endpoint = endpoint
        """A local endpoint; by default ``$PUBSUB_EMULATOR_HOST`` when set, as gcloud does."""
        self.credentials = credentials

    def path(self, sub: str) -> str:
        return (
            sub if sub.startswith("projects/") else f"projects/{self.project}/subscriptions/{sub}"
        )

    def collect(self, ctx: SourceContext) -> SourceResult:
        what = f"Pub/Sub (projects/{self.project})"
        endpoint = self.endpoint or os.environ.get(EMULATOR_VAR, "").strip() or None
        result, budget, creds, ok = begin(what, self.timeout_s, ctx, self.credentials, endpoint)
        if not ok:
            return result
        try:
            client = _client(endpoint, creds)
        except Exception as exc:
            result.problems.append(InputProblem(what, describe_error(exc, ROLE, self.project)))
            return result
        try:
            calls: dict[str, Callable[[], list[Any]]] = {}
            if self.subscriptions:
                for sub in self.subscriptions:
                    calls[self.path(sub)] = partial(_get, client, self.path(sub), budget)
            else:
                calls[f"projects/{self.project}"] = partial(
                    list_bounded,
                    client.list_subscriptions,
                    {"project": f"projects/{self.project}"},
                    "subscriptions",
                    budget,
                    self.max_subscriptions,
                )
            got = parallel(calls, budget)
        finally:
            _close(client)
        for key, answer in got.items():
            if isinstance(answer, BaseException):
                reason = describe_error(answer, ROLE, f"{key}", self._missing(key))
                result.problems.append(InputProblem(f"Pub/Sub ({key})", reason))
                continue
            try:
                result.records.extend(self._records(answer))
            except Exception as exc:
                result.problems.append(
                    InputProblem(f"Pub/Sub ({key})", describe_error(exc, ROLE, key))
                )
        result.detail = f"{len(result.records)} subscriptions"
        return result

    def _missing(self, key: str) -> str:
        """What NOT_FOUND means for the call made for ``key``."""
        parts = key.split("/")
        if len(parts) == 4 and parts[2] == "subscriptions":
            return (
                f"subscription {parts[3]} not found in project {parts[1]} (check the name; "
                f"`gcloud pubsub subscriptions list --project {shlex.quote(parts[1])}` lists them)"
            )
        return f"project {parts[-1]} not found (check --gcp-project)"

    def _records(self, messages: list[Any]) -> list[Record]:
        out: list[Record] = []
        for msg in messages:
            data = to_dict(msg)
            out.append(subscription(data, Ref(self.name, str(data.get("name", "")))))
        return out


def _get(client: Any, path: str, budget: Budget) -> list[Any]:
    return [client.get_subscription(request={"subscription": path}, **budget.call())]


def _client(endpoint: str | None, creds: Any) -> Any:
    from google.cloud import pubsub_v1  # type: ignore[attr-defined]
    from google.pubsub_v1.services.subscriber.transports import SubscriberGrpcTransport

    if endpoint:
        return pubsub_v1.SubscriberClient(
            transport=grpc_transport(SubscriberGrpcTransport, endpoint, None)
        )
    return pubsub_v1.SubscriberClient(credentials=creds)


def _close(client: Any) -> None:
    with contextlib.suppress(Exception):  # best effort
        client.close()
