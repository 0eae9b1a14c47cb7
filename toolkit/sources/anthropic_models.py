"""Anthropic Models API, live: which model IDs exist right now for this key.

The bundled catalogue says which IDs existed when opsdoc was released; the API says
which ones answer today. We only list and retrieve models (never a completion, which
would cost money and could have effects), and cache the answer on disk with a TTL so
repeated runs, and CI, do not depend on the network. Without a key the catalogue
remains the offline fallback.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from opsdoc.evidence import ModelRef, Record, Ref
from opsdoc.redact import redact
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult

DEFAULT_BASE_URL = "https://api.anthropic.com"
CONTEXT = "api-available"
MAX_PAGES = 10
PAGE_SIZE = 1000
NO_KEY = (
    "no API key: set ANTHROPIC_API_KEY to check model IDs against the live Models API "
    "(or pass --offline to use the bundled model catalogue only)"
)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "opsdoc"


class AnthropicModelsSource:
    """Live model IDs, as `ModelRef` records with context ``api-available``."""

    name = "anthropic-models"

    def __init__(
        self,
        api_key: str | None,
        base_url: str | None = None,
        cache_dir: str | None = None,
        ttl_s: float = 86400,
        timeout_s: float = 10,
        *,
        model_ids: Sequence[str] = (),
    ) -> None:
        self.api_key = api_key
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.ttl_s = ttl_s
        self.timeout_s = timeout_s
        self.model_ids = [m for m in model_ids if m]
        """IDs (e.g. aliases) to confirm with ``retrieve`` when the list does not hold them."""

    @property
    def what(self) -> str:
        return f"Anthropic Models API ({self.base_url})"

    def cache_path(self) -> Path:
        """One file per endpoint and key (keys may see different models); the key is hashed."""
        digest = hashlib.sha256(f"{self.base_url}\0{self.api_key or ''}".encode()).hexdigest()
        return self.cache_dir / f"anthropic-models-{digest[:16]}.json"

    def collect(self, ctx: SourceContext) -> SourceResult:
        result = SourceResult()
        if not self.api_key:
            result.problems.append(InputProblem(self.what, NO_KEY))
            return result
        cached = self._read_cache()
        if cached is not None:
            ids, age = cached
            result.records.extend(self._records(ids))
            result.detail = f"{len(ids)} models (cached {age / 3600:.1f} h ago)"
            return result
        budget_end = time.monotonic() + min(self.timeout_s, ctx.deadline_s) * 0.8
        try:
            ids = self._fetch(budget_end)
        except Exception as exc:
            result.problems.append(InputProblem(self.what, describe_error(exc)))
            return result
        self._write_cache(ids)
        result.records.extend(self._records(ids))
        result.detail = f"{len(ids)} models (live)"
        return result

    def _records(self, ids: Sequence[str]) -> list[Record]:
        return [
            ModelRef(ref=Ref(self.name, f"models/{mid}"), model_id=mid, context=CONTEXT)
            for mid in ids
        ]

    def _fetch(self, budget_end: float) -> list[str]:
        import anthropic

        def left() -> float:
            remaining = budget_end - time.monotonic()
            if remaining <= 0.05:
                raise TimeoutError("no answer within the source's time budget")
            return remaining

        client = anthropic.Anthropic(
            api_key=self.api_key, base_url=self.base_url, max_retries=0, timeout=left()
        )
        try:
            ids: list[str] = []
            after: str | None = None
            for _ in range(MAX_PAGES):
                kwargs: dict[str, Any] = {"limit": PAGE_SIZE}
                if after:
                    kwargs["after_id"] = after
                page = _retrying(lambda kw=kwargs: client.models.list(**kw, timeout=left()), left)
                data = list(page.data or [])
                ids.extend(_model_id(m) for m in data)
                if not page.has_more or not page.last_id:
                    break
                after = str(page.last_id)
            known = set(ids)
            for mid in self.model_ids:
                if mid in known:
                    continue
                try:
                    info = _retrying(lambda m=mid: client.models.retrieve(m, timeout=left()), left)
                except anthropic.NotFoundError:
                    continue  # not an ID the API knows: the model checks say so
                ids.append(mid)  # an alias that resolves
                canonical = _model_id(info)
                if canonical not in known:
                    ids.append(canonical)
                known.update((mid, canonical))
            return sorted(dict.fromkeys(ids))
        finally:
            client.close()

    def _read_cache(self) -> tuple[list[str], float] | None:
        try:
            data = json.loads(self.cache_path().read_text(encoding="utf-8"))
            age = time.time() - float(data["fetched_at"])
            ids = [str(i) for i in data["ids"]]
            asked = set(data.get("asked", []))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged cache: ask the API
        if age < 0 or age > self.ttl_s or not set(self.model_ids) <= asked | set(ids):
            return None
        return ids, age

    def _write_cache(self, ids: list[str]) -> None:
        path = self.cache_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(
                json.dumps(
                    {
                        "base_url": self.base_url,
                        "fetched_at": time.time(),
                        "ids": ids,
                        "asked": sorted(self.model_ids),
                    }
                ),
                encoding="utf-8",
            )
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home must not fail the diagnosis


def _model_id(info: Any) -> str:
    mid = getattr(info, "id", None)
    if not isinstance(mid, str) or not mid:
        raise ValueError(f"model entry without an id: {str(info)[:120]}")
    return mid


def _retrying(call: Any, left: Any) -> Any:
    """One retry on rate limits, 5xx and dropped connections, if time allows."""
    import anthropic

    try:
        return call()
    except (anthropic.RateLimitError, anthropic.InternalServerError, anthropic.APIConnectionError):
        if left() < 1.0:
            raise
        time.sleep(0.2)
        return call()


def describe_error(exc: BaseException) -> str:
    """One line saying what went wrong and what to do."""
    import anthropic

    if isinstance(exc, anthropic.AuthenticationError):
        return "the API key was rejected (HTTP 401): check ANTHROPIC_API_KEY"
    if isinstance(exc, anthropic.PermissionDeniedError):
        return "the API key may not list models (HTTP 403): use a key of the right workspace"
    if isinstance(exc, anthropic.APITimeoutError | TimeoutError):
        return "no answer in time (timeout)"
    if isinstance(exc, anthropic.APIConnectionError):
        return f"could not connect ({redact(str(exc))[:200]})"
    if isinstance(exc, anthropic.APIStatusError):
        return f"HTTP {exc.status_code}: {redact(_status_message(exc))[:200]}"
    return f"malformed response ({type(exc).__name__}: {redact(str(exc))[:200]})"


def _status_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict) and err.get("message"):
            return f"{err.get('type', 'error')}: {err['message']}"
    return str(getattr(exc, "message", "") or exc)
