"""A local gRPC server with switchable faults, built from generic method handlers.

Google's client libraries ship message types but no servicer base classes, so each
method is registered with its request type's deserializer and its response type's
serializer: on the wire it is exactly the real service.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any

import grpc

MALFORMED = b"\x0a\xff\xff\xff\xff\x0f"
"""A length-delimited field claiming far more bytes than follow: no message parses it."""

FAULTS = {
    "permission_denied": (
        grpc.StatusCode.PERMISSION_DENIED,
        "Permission denied on resource (or it may not exist).",
    ),
    "unavailable": (grpc.StatusCode.UNAVAILABLE, "The service is currently unavailable."),
    "internal": (grpc.StatusCode.INTERNAL, "Internal error encountered."),
    "unauthenticated": (
        grpc.StatusCode.UNAUTHENTICATED,
        "Request had invalid authentication credentials.",
    ),
}


class Abort(Exception):
    """What a handler raises to answer with a gRPC status, as the real service would.

    Anything else a handler raises reaches the client as UNKNOWN, which no real
    Google API answers for a missing resource or a bad request: a fake that lets a
    ``KeyError`` escape tests a situation production never shows.
    """

    def __init__(self, code: grpc.StatusCode, message: str) -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message


def not_found(message: str) -> Abort:
    return Abort(grpc.StatusCode.NOT_FOUND, message)


@dataclass
class Method:
    request_type: Any
    response_type: Any
    handler: Callable[[Any], Any]


@dataclass
class FakeGrpcServer:
    """One server hosting any number of services; ``fault``/``delay_s`` apply to all calls."""

    fault: str = ""
    delay_s: float = 0.0
    calls: list[tuple[str, Any]] = field(default_factory=list)
    _services: dict[str, dict[str, Method]] = field(default_factory=dict)
    _server: Any = None
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, service: str, methods: dict[str, Method]) -> None:
        self._services.setdefault(service, {}).update(methods)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def methods_called(self) -> list[str]:
        with self._lock:
            return [name for name, _ in self.calls]

    def start(self) -> FakeGrpcServer:
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
        for service, methods in self._services.items():
            handlers = {name: self._handler(f"{service}/{name}", m) for name, m in methods.items()}
            server.add_generic_rpc_handlers(
                (grpc.method_handlers_generic_handler(service, handlers),)
            )
        self.port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self._server = server
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop(grace=None)

    def _handler(self, full_name: str, method: Method) -> grpc.RpcMethodHandler:
        def behave(request: Any, context: grpc.ServicerContext) -> Any:
            with self._lock:
                self.calls.append((full_name, request))
            if self.delay_s:
                time.sleep(self.delay_s)
            if self.fault in FAULTS:
                code, message = FAULTS[self.fault]
                context.abort(code, message)
            try:
                return method.handler(request)
            except Abort as answer:
                context.abort(answer.code, answer.message)

        def serialize(response: Any) -> bytes:
            if self.fault == "malformed":
                return MALFORMED
            return bytes(method.response_type.serialize(response))

        return grpc.unary_unary_rpc_method_handler(
            behave,
            request_deserializer=method.request_type.deserialize,
            response_serializer=serialize,
        )


def paged(items: list[Any], request: Any, size_default: int = 100) -> tuple[list[Any], str]:
    """A page of ``items`` and the next token, the way Google list methods page."""
    start = int(request.page_token or 0)
    size = int(request.page_size or size_default)
    page = items[start : start + size]
    following = start + size
    return page, str(following) if following < len(items) else ""
