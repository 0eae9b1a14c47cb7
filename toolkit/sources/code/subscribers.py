"""Which ``.subscribe(...)`` calls open a Google Cloud Pub/Sub streaming pull.

``subscribe`` is a common method name: an in-process event bus
(``event_stream.subscribe(SUBSCRIBER_ID, self.on_event, callback_id)``), an MQTT or
Redis client, a reactive stream. Only ``SubscriberClient.subscribe(subscription,
callback)`` makes its callback a Pub/Sub message callback that runs on the client's
thread pool and acks or nacks a message. The receiver is followed by def-use to where
it was made (a constructor call, ``with ... as``, an attribute set in ``__init__``, a
factory of the module) or to a parameter annotation.
"""

from __future__ import annotations

import ast

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import PUBSUB_CONSUMER, make_site
from opsdoc.sources.code.pyindex import FuncDef, ModuleIndex, param_annotation, walk_scope

SUBSCRIBER_CLASSES = frozenset(
    {
        "google.cloud.pubsub_v1.SubscriberClient",
        "google.cloud.pubsub.SubscriberClient",
        "google.cloud.pubsub_v1.subscriber.client.Client",
        "google.cloud.pubsub_v1.subscriber.Client",
    }
)
"""The streaming-pull client under its documented import paths (``pubsub_v1.SubscriberClient``
is an alias of ``pubsub_v1.subscriber.client.Client``)."""


def pubsub_callback(idx: ModuleIndex, call: ast.Call, scope: FuncDef | None) -> ast.expr | None:
    """The message callback of ``call`` when it is a Pub/Sub ``SubscriberClient.subscribe``."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "subscribe":
        return None
    target = next((k.value for k in call.keywords if k.arg == "callback"), None)
    if target is None and len(call.args) >= 2:
        target = call.args[1]
    if target is None or not is_subscriber(idx, func.value, scope):
        return None
    return target


def is_subscriber(idx: ModuleIndex, receiver: ast.expr, scope: FuncDef | None) -> bool:
    """Whether ``receiver`` is a Pub/Sub ``SubscriberClient``.

    True when def-use reaches its constructor (or a parameter annotated with it). When
    def-use reaches nothing conclusive (a parameter without annotation, an attribute set
    outside the module, a factory of another module), the module's imports decide: one
    that imports the Pub/Sub client library passes its client around; one that does not
    holds some other ``subscribe``. A class of the module itself or a parameter annotated
    with another type (``bus: EventBus``) is not the client.
    """
    known = False
    for origin, where in idx.scoped_origins(receiver, scope):
        if isinstance(origin, ast.Call):
            if _subscriber_class(idx, origin.func):
                return True
            if isinstance(origin.func, ast.Name | ast.Attribute) and (
                idx.resolve(origin.func) in idx.classes
            ):
                known = True  # an instance of the module's own class
        elif isinstance(origin, ast.Name):
            annotation = _annotation(idx, origin.id, where)
            if annotation is not None:
                if _subscriber_class(idx, annotation):
                    return True
                known = True
    return not known and imports_pubsub(idx)


def imports_pubsub(idx: ModuleIndex) -> bool:
    """The module imports the Pub/Sub client library (``from google.cloud import
    pubsub_v1``, ``import google.cloud.pubsub_v1``)."""
    if any(full.startswith("google.cloud.pubsub") for full in idx.imports.values()):
        return True
    return any(
        isinstance(node, ast.Import)
        and any(alias.name.startswith("google.cloud.pubsub") for alias in node.names)
        for node in ast.walk(idx.tree)
    )


def _subscriber_class(idx: ModuleIndex, expr: ast.expr) -> bool:
    """``expr`` names the client class, or an annotation holds it (``SubscriberClient |
    None``, ``Optional["pubsub_v1.SubscriberClient"]``)."""
    for node in ast.walk(expr):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                parsed = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                continue
            if _subscriber_class(idx, parsed):
                return True
        elif isinstance(node, ast.Name | ast.Attribute) and idx.resolve(node) in SUBSCRIBER_CLASSES:
            return True
    return False


def _annotation(idx: ModuleIndex, name: str, scope: FuncDef | None) -> ast.expr | None:
    fn = scope
    while fn is not None:
        found = param_annotation(fn.node, name)
        if found is not None:
            return found
        fn = idx.funcs.get(fn.parent) if fn.parent else None
    return None


def streaming_consumers(idx: ModuleIndex) -> list[CodeSite]:
    """Each ``SubscriberClient.subscribe(subscription, callback)`` of the module: a
    streaming pull, whose client extends every message's lease while its callback runs
    (up to ``max_lease_duration``), so a quick callback is never redelivered for want of
    a longer ack deadline (T003 reads redelivery with that in mind)."""
    sites: list[CodeSite] = []
    scopes: list[FuncDef | None] = [None, *idx.funcs.values()]
    for scope in scopes:
        body = scope.node.body if scope is not None else idx.tree.body
        for node in walk_scope(body):
            if isinstance(node, ast.Call) and pubsub_callback(idx, node, scope) is not None:
                attrs = {"mode": "streaming"}
                function = scope.qualname if scope is not None else ""
                sites.append(
                    make_site(PUBSUB_CONSUMER, idx.path, node.lineno, idx.lines, function, attrs)
                )
    return sites
