"""The Anthropic Models source with the real client against a local Models API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes.anthropic_api import FakeAnthropic

from opsdoc.evidence import ModelRef
from opsdoc.sources.anthropic_models import AnthropicModelsSource, default_cache_dir
from opsdoc.sources.base import SourceContext

MODELS = [f"claude-test-{i:04d}" for i in range(1205)] + ["claude-sonnet-4-5-20250929"]
CTX = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=".", deadline_s=10)


@pytest.fixture
def api() -> Iterator[FakeAnthropic]:
    fake = FakeAnthropic(
        models=MODELS, aliases={"claude-sonnet-4-5": "claude-sonnet-4-5-20250929"}
    ).start()
    yield fake
    fake.stop()


def source(api: FakeAnthropic, tmp_path: Path, **kw: object) -> AnthropicModelsSource:
    return AnthropicModelsSource(api.api_key, base_url=api.base_url, cache_dir=str(tmp_path), **kw)  # type: ignore[arg-type]


def ids(records: list[object]) -> list[str]:
    return [r.model_id for r in records if isinstance(r, ModelRef) and r.context == "api-available"]


def test_lists_every_page_of_live_models(api: FakeAnthropic, tmp_path: Path) -> None:
    result = source(api, tmp_path).collect(CTX)
    assert not result.problems
    assert sorted(ids(result.records)) == sorted(MODELS)
    assert [p.split("?")[0] for p in api.requests] == ["/v1/models", "/v1/models"]  # paged
    assert "after_id=claude-test-0999" in api.requests[1]
    assert result.records[0].ref.location.startswith("models/")


def test_aliases_and_unknown_ids_are_retrieved(api: FakeAnthropic, tmp_path: Path) -> None:
    result = source(api, tmp_path, model_ids=["claude-sonnet-4-5", "claude-invented-9"]).collect(
        CTX
    )
    assert not result.problems  # a 404 not_found_error only means the ID does not exist
    found = set(ids(result.records))
    assert "claude-sonnet-4-5" in found and "claude-invented-9" not in found
    assert "/v1/models/claude-invented-9" in api.requests


def test_results_are_cached_with_a_ttl(api: FakeAnthropic, tmp_path: Path) -> None:
    first = source(api, tmp_path).collect(CTX)
    calls = len(api.requests)
    second = source(api, tmp_path).collect(CTX)
    assert len(api.requests) == calls  # served from the cache
    assert ids(second.records) == ids(first.records) and "cached" in second.detail
    (cache,) = tmp_path.iterdir()
    assert api.api_key not in cache.read_text()  # the key is never written
    source(api, tmp_path, ttl_s=0).collect(CTX)
    assert len(api.requests) > calls  # expired: asked again


def test_a_damaged_cache_is_ignored(api: FakeAnthropic, tmp_path: Path) -> None:
    src = source(api, tmp_path)
    tmp_path.mkdir(exist_ok=True)
    src.cache_path().write_text("{not json")
    result = src.collect(CTX)
    assert not result.problems and len(ids(result.records)) == len(MODELS)
    assert json.loads(src.cache_path().read_text())["ids"]


def test_missing_key_says_what_to_set(tmp_path: Path) -> None:
    result = AnthropicModelsSource(None, cache_dir=str(tmp_path)).collect(CTX)
    (problem,) = result.problems
    assert "ANTHROPIC_API_KEY" in problem.reason and not result.records


def test_default_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "opsdoc"
