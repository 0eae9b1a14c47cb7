"""The bundled model catalogue: integrity, lookups, platform forms and nearest-ID guesses."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest

from opsdoc.models.catalog import (
    ACTIVE,
    DEPRECATED,
    RETIRED,
    Catalog,
    load_catalog,
    normalise,
    platform_of,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_catalogue_is_dated_and_sourced(catalog: Catalog) -> None:
    assert catalog.checked_on >= date(2026, 11, 1)
    assert any("model-deprecations" in s for s in catalog.sources)
    assert any("models/overview" in s for s in catalog.sources)
    assert load_catalog() is catalog  # cached


def test_catalogue_entries_are_consistent(catalog: Catalog) -> None:
    names: set[str] = set()
    for info in catalog.models:
        for name in (info.id, *info.aliases):
            assert name not in names, f"{name} listed twice"
            names.add(name)
        if info.status in (DEPRECATED, RETIRED):
            assert info.retires_on is not None, info.id
        if info.successor:
            assert catalog.lookup(info.successor), info.id
        assert info.source.startswith("https://"), info.id
        assert info.checked_on is not None and info.checked_on <= catalog.checked_on
        if info.deprecated_on and info.retires_on:
            assert info.deprecated_on < info.retires_on, info.id
        if info.status == RETIRED:
            assert info.retires_on is not None and info.retires_on <= catalog.checked_on
        if info.status == ACTIVE:
            assert info.successor is None and info.retires_on is None, info.id


@pytest.mark.parametrize(
    "model_id",
    ["claude-3-5-sonnet-20250219", "claude-3-5-haiku-20250219", "claude-sonnet-4-6-20250219"],
)
def test_ids_that_never_existed_are_absent(catalog: Catalog, model_id: str) -> None:
    assert catalog.lookup(model_id) is None


def test_known_facts(catalog: Catalog) -> None:
    sonnet35 = catalog.lookup("claude-3-5-sonnet-20241022")
    assert sonnet35 is not None and sonnet35.retires_on == date(2025, 10, 28)
    assert sonnet35.family == "sonnet" and sonnet35.version == "3.5"
    assert sonnet35.snapshot == date(2024, 10, 22)
    haiku35 = catalog.lookup("claude-3-5-haiku-20241022")
    assert haiku35 is not None and haiku35.retires_on == date(2026, 2, 19)
    assert catalog.lookup("claude-haiku-4-5") is catalog.lookup("claude-haiku-4-5-20251001")


def test_alias_lookup(catalog: Catalog) -> None:
    info = catalog.lookup("claude-3-5-sonnet-latest")
    assert info is not None and info.id == "claude-3-5-sonnet-20241022"
    assert catalog.is_alias("claude-3-5-sonnet-latest")
    assert not catalog.is_alias("claude-3-5-sonnet-20241022")


@pytest.mark.parametrize(
    ("written", "canonical", "platform"),
    [
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022", "bedrock"),
        ("us.anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku-20240307", "bedrock"),
        ("global.anthropic.claude-sonnet-5", "claude-sonnet-5", "bedrock"),
        ("anthropic.claude-v2:1", "claude-2.1", "bedrock"),
        (
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-opus-20240229-v1:0",
            "claude-3-opus-20240229",
            "bedrock",
        ),
        ("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-20241022", "vertex"),
        ("claude-haiku-4-5@20251001", "claude-haiku-4-5-20251001", "vertex"),
        ("claude-sonnet-4-6", "claude-sonnet-4-6", "anthropic"),
    ],
)
def test_platform_forms_normalise(
    catalog: Catalog, written: str, canonical: str, platform: str
) -> None:
    assert platform_of(written) == platform
    assert normalise(written) == canonical
    info = catalog.lookup(written)
    assert info is not None and info.id == canonical
    assert catalog.looks_like_model_id(written)


@pytest.mark.parametrize(
    ("unknown", "nearest"),
    [
        ("claude-3-5-sonnet-20250219", "claude-3-5-sonnet-20241022"),
        ("claude-3-5-sonnet-20240701", "claude-3-5-sonnet-20240620"),
        ("claude-3-5-haiku-20250219", "claude-3-5-haiku-20241022"),
        ("claude-sonet-4-6", "claude-sonnet-4-6"),
        ("claude-haiku-4-5-20251101", "claude-haiku-4-5-20251001"),
        ("claude-opus-4-1-20250101", "claude-opus-4-1-20250805"),
    ],
)
def test_nearest_compares_family_version_and_date(
    catalog: Catalog, unknown: str, nearest: str
) -> None:
    found = catalog.nearest(unknown)
    assert found is not None and found.id == nearest


def test_replacement_follows_successors_to_a_live_model(catalog: Catalog) -> None:
    info = catalog.lookup("claude-3-5-sonnet-20241022")
    assert info is not None
    assert catalog.replacement(info, date(2026, 11, 23)) == "claude-sonnet-4-6"
    haiku = catalog.lookup("claude-3-5-haiku-20250219") or catalog.nearest(
        "claude-3-5-haiku-20250219"
    )
    assert (
        haiku is not None and catalog.replacement(haiku, date(2026, 11, 23)) == "claude-haiku-4-5"
    )


def test_status_depends_on_the_reference_day(catalog: Catalog) -> None:
    info = catalog.lookup("claude-sonnet-4-5-20250929")
    assert info is not None
    assert info.status_on(date(2026, 11, 29)) == DEPRECATED
    assert info.status_on(date(2026, 11, 30)) == RETIRED
    sonnet35 = catalog.lookup("claude-3-5-sonnet-20240620")
    assert sonnet35 is not None
    assert sonnet35.status_on(date(2025, 1, 1)) == ACTIVE  # before its deprecation


@pytest.mark.parametrize(
    "text",
    [
        "Claude",
        "claude",
        "claude-code",
        "claude-3",
        "claude-agent-sdk",
        "Claude-3-Opus",
        "",
        "claude-3-5-sonnet-20241022 is retired",
        "https://x/claude-sonnet-4-6",
    ],
)
def test_prose_and_products_are_not_model_ids(catalog: Catalog, text: str) -> None:
    assert not catalog.looks_like_model_id(text)


def test_newer_than_catalogue_is_recognised(catalog: Catalog) -> None:
    assert catalog.looks_like_model_id("claude-opus-9")
    assert catalog.beyond_catalogue("claude-opus-9")
    assert not catalog.beyond_catalogue("claude-3-5-sonnet-20250219")


def test_malformed_catalogue_is_a_value_error() -> None:
    raw = json.loads(
        resources.files("opsdoc.models").joinpath("catalog.json").read_text(encoding="utf-8")
    )
    raw["models"][0]["retires_on"] = "someday"
    with pytest.raises(ValueError, match="retires_on"):
        Catalog.from_dict(raw)
    with pytest.raises(ValueError, match="models"):
        Catalog.from_dict({"checked_on": "2026-11-23"})


def test_an_announced_retirement_is_a_deprecation_inside_the_notice_window() -> None:
    # Sonnet 4.5: retirement 2026-11-30 published, deprecation date not. Anthropic gives at
    # least 60 days' notice, so it reads deprecated from 2026-10-01, active before.
    info = load_catalog().lookup("claude-sonnet-4-5-20250929")
    assert info is not None and info.deprecated_on is None and info.retires_on is not None
    assert info.status_on(date(2026, 11, 20)) == "deprecated"
    assert info.status_on(date(2026, 8, 1)) == "active"
    assert info.status_on(info.retires_on) == "retired"


def test_a_dotted_version_parses_and_points_at_the_real_id() -> None:
    from opsdoc.models.catalog import load_catalog, parse_id

    catalog = load_catalog()
    assert parse_id("claude-opus-4.8") == parse_id("claude-opus-4-8")
    assert parse_id("claude-3.5-sonnet") == parse_id("claude-3-5-sonnet")
    assert catalog.lookup("claude-opus-4.8") is None  # no such ID: it 404s
    nearest = catalog.nearest("claude-opus-4.8")
    assert nearest is not None and nearest.id == "claude-opus-4-8"
    assert catalog.looks_like_model_id("claude-haiku-4.5")
    assert parse_id("claude-2.1") is not None  # the legacy style keeps its own dot
