"""A local HTTP server answering ``/v1/models`` and ``/v1/models/{id}`` like the Anthropic API.

Bodies, status codes and error shapes follow the public API reference: a list page
with ``data``/``has_more``/``first_id``/``last_id``, ``x-api-key`` authentication,
and errors as ``{"type": "error", "error": {"type": "not_found_error", ...}}``.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakeAnthropic:
    models: list[str]
    aliases: dict[str, str] = field(default_factory=dict)
    api_key: str = "sk-ant-test-0123456789abcdef"
    fault: str = ""
    """``""``, ``http500``, ``malformed``, ``forbidden``."""
    delay_s: float = 0.0
    requests: list[str] = field(default_factory=list)
    _server: Any = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeAnthropic:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                fake.requests.append(self.path)
                if fake.delay_s:
                    time.sleep(fake.delay_s)
                # The API takes the key as x-api-key; newer clients send it as a bearer token.
                bearer = self.headers.get("authorization", "").removeprefix("Bearer ")
                key = self.headers.get("x-api-key", "") or bearer
                status, body = fake.answer(self.path, key)
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("request-id", "req_011CTestFake")
                self.send_header("content-length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def answer(self, path: str, key: str) -> tuple[int, Any]:
        if self.fault == "http500":
            return 500, _error("api_error", "Internal server error")
        if self.fault == "malformed":
            return 200, b'{"data": [{"type": "model", "id": '
        if key != self.api_key:
            return 401, _error("authentication_error", "invalid x-api-key")
        if self.fault == "forbidden":
            return 403, _error("permission_error", "Your API key does not have permission")
        url = urlsplit(path)
        if url.path == "/v1/models":
            query = parse_qs(url.query)
            limit = int(query.get("limit", ["20"])[0])
            after = query.get("after_id", [""])[0]
            start = self.models.index(after) + 1 if after in self.models else 0
            page = self.models[start : start + limit]
            return 200, {
                "data": [_model(m) for m in page],
                "has_more": start + limit < len(self.models),
                "first_id": page[0] if page else None,
                "last_id": page[-1] if page else None,
            }
        if url.path.startswith("/v1/models/"):
            mid = url.path.rsplit("/", 1)[-1]
            mid = self.aliases.get(mid, mid)
            if mid in self.models:
                return 200, _model(mid)
            return 404, _error("not_found_error", f"model: {mid}")
        return 404, _error("not_found_error", "Not Found")


def _model(mid: str) -> dict[str, Any]:
    return {
        "type": "model",
        "id": mid,
        "display_name": mid.replace("-", " ").title(),
        "created_at": "2025-05-14T00:00:00Z",
    }


def _error(kind: str, message: str) -> dict[str, Any]:
    return {
        "type": "error",
        "error": {"type": kind, "message": message},
        "request_id": "req_011CTestFake",
    }
