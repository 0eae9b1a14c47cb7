"""Edge controls for M001-M003 and M005: the guards the first controls left unpinned.

M003's reading of an application's own alias (an invented-looking ID the production
code tests a value against), an unknown ID whose 404s the logs show at its code site,
M002's quotes of the SDK's deprecation warnings, M001's platform grace period and its
unreached mentions, and M005's provider tables (one ID per platform) and settings per
role. As in ``test_controls_models.py``, every record is built in-process on the
controls' own catalogue, and where a finding is produced the whole finding is compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from test_controls_models import (
    BEDROCK,
    CALL,
    CATALOG,
    SONNET35,
    code,
    deprecated_site,
    err404,
    log_item,
    logged,
    m002,
    run,
    use,
    vertex_haiku,
)

from opsdoc.checks import models
from opsdoc.evidence import ModelRef, Record, Ref
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity
from opsdoc.models.catalog import use_catalog
from opsdoc.models.extract import COMPARED, DEPRECATION_WARNED, MENTION, UNREACHED


@pytest.fixture(autouse=True)
def _catalogue() -> Iterator[None]:
    use_catalog(CATALOG)
    yield
    use_catalog(None)


# M003: an application's own alias -----------------------------------------------------

ALIAS = "claude-3.5"  # invented-looking: no released model is called that
SETTING = "assistant/settings.py:4"
SETTING_LINE = f'MODEL = "{ALIAS}"'
COMPARED_AT = "assistant/llm.py:11"
COMPARED_LINE = f'    if model == "{ALIAS}":'


def alias_site() -> list[Record]:
    return use(SETTING, ALIAS, SETTING_LINE)


def compared(location: str = COMPARED_AT, line: str | None = COMPARED_LINE) -> list[Record]:
    """Where the code tests a value against the ID (`if model == "claude-3.5":`)."""
    return use(location, ALIAS, line, context=COMPARED)


def alias_hit(compared_quote: str = COMPARED_LINE.strip()) -> Hit:
    return Hit(
        subject=SETTING,
        summary=f"{SETTING} sets model {ALIAS}, which Anthropic never released; the code tests"
        f" for this name ({COMPARED_AT}), so it is probably the application's own alias,"
        " translated to a real ID before any request",
        evidence=(code(SETTING, SETTING_LINE), EvidenceItem("code", COMPARED_AT, compared_quote)),
        fix=Fix(
            text="Confirm the alias is mapped on every path that sends a request; naming the"
            " real ID in the setting avoids the question."
        ),
        confidence=0.3,
        severity=Severity.INFO,
    )


def test_m003_an_invented_id_the_code_tests_for_is_the_applications_alias() -> None:
    """A name the production code compares a value with is one the application knows,
    and most likely maps to a real ID before any request: info, quoting both places."""
    assert run(models.unknown_model, alias_site(), compared()) == [alias_hit()]


def test_m003_an_alias_compared_on_a_line_the_source_did_not_give_quotes_the_id() -> None:
    """Without the comparing line the second quote is the ID itself, never empty."""
    assert run(models.unknown_model, alias_site(), compared(line=None)) == [alias_hit(ALIAS)]


def test_m003_a_comparison_in_a_test_is_not_an_alias() -> None:
    """Tests compare against every ID they check: only production code makes it a name
    the application recognises, so the site stays an invented ID."""
    (hit,) = run(models.unknown_model, alias_site(), compared("tests/test_llm.py:11"))
    assert (hit.subject, hit.confidence, hit.severity) == (SETTING, 0.85, None)
    assert hit.summary.startswith(
        f"{SETTING} uses model {ALIAS}, an ID Anthropic never released: it fails with 404."
    )
    assert hit.evidence == (code(SETTING, SETTING_LINE),)


def test_m003_an_alias_whose_404s_the_logs_show_is_not_translated() -> None:
    """The API answered 404 for the name itself: whatever the code compares, the name
    reached a request, so it is the invented ID with its failures, not an alias."""
    failure = logged("logs.json#1", err404(ALIAS))
    (hit,) = run(models.unknown_model, alias_site(), compared(), failure)
    assert (hit.subject, hit.confidence, hit.severity) == (SETTING, 0.95, None)
    assert hit.summary.endswith(" The logs show 1 404 not_found_error(s) for it.")
    assert hit.evidence == (code(SETTING, SETTING_LINE), log_item("logs.json#1", ALIAS))
    assert hit.explains == (f"M004:{ALIAS}", "E003:*")


def test_m003_a_real_id_the_code_tests_for_is_not_an_alias() -> None:
    """Only an invented ID can be an alias: a retired or current one compared is M001's
    or nothing, never M003's."""
    for model_id in (SONNET35, "claude-sonnet-4-6"):
        records = use(SETTING, model_id) + use(COMPARED_AT, model_id, context=COMPARED)
        assert run(models.unknown_model, records) == [], model_id


def test_m003_an_unknown_id_whose_404s_are_logged_is_reported_at_its_code_site() -> None:
    """An ID unknown to the catalogue is an error once the API answers 404 for it: the
    finding names the code site, quotes its line, then the logged 404s."""
    line = 'MODEL = "claude-opus-9"'
    records = use("bot/config.py:6", "claude-opus-9", line) + logged(
        "journal.txt:89", err404("claude-opus-9")
    )
    assert run(models.unknown_model, records) == [
        Hit(
            subject="bot/config.py:6",
            summary="bot/config.py:6 uses model claude-opus-9, which is unknown to the catalogue"
            " (model catalogue checked on 2026-11-01) and which the API answers with 404"
            " not_found_error: every request with it fails. No similar model is known. The"
            " logs show 1 404 not_found_error(s) for it.",
            evidence=(
                code("bot/config.py:6", line),
                EvidenceItem("exports", "journal.txt:89", err404("claude-opus-9")),
            ),
            fix=Fix(
                text="Replace claude-opus-9 with a real model ID. Check the tier is the one you"
                " meant."
            ),
            confidence=0.95,
            explains=("M004:claude-opus-9", "E003:*"),
        )
    ]


# M002: the SDK's deprecation warnings in the logs --------------------------------------


def sdk_warning(model_id: str) -> str:
    return (
        f"/app/agent.py:8: DeprecationWarning: The model '{model_id}' is deprecated and will"
        " reach end-of-life on November 30th, 2026."
    )


def test_m002_quotes_the_first_two_sdk_warnings_under_any_spelling() -> None:
    """Each spelling of the model counts (alias first, in key order); two warnings are
    quoted, and one whose log line is not kept is quoted empty rather than invented."""
    snapshot = "claude-sonnet-4-5-20250929"
    bare = [ModelRef(Ref("exports", "worker.log:1"), "claude-sonnet-4-5", DEPRECATION_WARNED)]
    warnings = logged("worker.log:2", sdk_warning(snapshot)) + logged(
        "worker.log:5", sdk_warning(snapshot)
    )
    expected = m002()
    assert run(models.deprecated_model, deprecated_site(), bare, warnings) == [
        replace(
            expected,
            summary=expected.summary.replace(
                "fails with 404.",
                "fails with 404. The SDK warned of it 3 time(s) in the logs: requests with it"
                " still run, until that day.",
            ),
            evidence=(
                *expected.evidence,
                EvidenceItem("exports", "worker.log:1", ""),
                EvidenceItem("exports", "worker.log:2", sdk_warning(snapshot)),
            ),
        )
    ]


def test_m002_a_warning_of_another_model_is_not_this_ones() -> None:
    warning = logged("worker.log:2", sdk_warning("claude-opus-4-1-20250805"))
    assert run(models.deprecated_model, deprecated_site(), warning) == [m002()]


# M001: the platforms' grace period and code nothing runs ------------------------------


def test_m001_a_platform_id_is_a_warning_from_ninety_days_after_the_claude_api_date() -> None:
    """`PLATFORM_LAG_DAYS` is the grace period: 89 days after the Claude API retired the
    model a Vertex AI ID is info, on the 90th it is a warning."""
    site = use(
        "infra/vertex.yaml:4", "claude-3-haiku@20240307", "model: claude-3-haiku@20240307", "config"
    )
    ninety = datetime(2026, 7, 19, tzinfo=UTC)  # retired on the Claude API on 2026-04-20
    assert run(models.retired_model, site, as_of=ninety) == [vertex_haiku()]
    eighty_nine = datetime(2026, 7, 18, tzinfo=UTC)
    assert run(models.retired_model, site, as_of=eighty_nine) == [
        replace(vertex_haiku(), severity=Severity.INFO)
    ]


def test_m001_a_retired_id_only_in_code_nothing_runs_is_info() -> None:
    """Unreached code (a function nothing refers to) is not a request: info, saying so."""
    unreached = [ModelRef(Ref("code", "app/old.py:4"), SONNET35, UNREACHED)]
    assert run(models.retired_model, unreached) == [
        Hit(
            subject=SONNET35,
            summary=f"{SONNET35} (retired on 2025-10-28) is passed to a request only in code"
            " nothing runs (app/old.py:4): a function or class that no module, config or"
            " deploy file of the project refers to.",
            evidence=(code("app/old.py:4", f"model ID {SONNET35} (unreached)"),),
            fix=Fix(
                text="Nothing calls the API with it; update the table or text when convenient."
            ),
            confidence=0.3,
            severity=Severity.INFO,
        )
    ]
    # named in a doc as well: not only unreached code, so the places are counted
    doc = [ModelRef(Ref("code", "docs/m.md:1"), SONNET35, MENTION)]
    (hit,) = run(models.retired_model, unreached, doc)
    assert hit.summary.startswith(
        f"{SONNET35} (retired on 2025-10-28) is named in 2 place(s) that no request uses"
        " (app/old.py:4, docs/m.md:1):"
    )


# M005: provider tables and settings per role -------------------------------------------

BEDROCK_HAIKU3 = "anthropic.claude-3-haiku-20240307-v1:0"


def call_sites(*placed: tuple[str, str]) -> list[Record]:
    """(location, model ID) pairs, each written in a client call."""
    return [r for loc, model_id in placed for r in use(loc, model_id, CALL.format(model_id))]


def m005_partner(
    placed: list[tuple[str, str]], key: str, platform: str, value: str, files: str
) -> Hit:
    return Hit(
        subject=key,
        summary=f"Model {key} ({platform}) is hard-coded in {len(placed)} places across {files}.",
        evidence=tuple(code(loc, CALL.format(model_id).strip()) for loc, model_id in placed),
        fix=Fix(
            text="Define the model once, e.g. in your settings module:"
            f' ANTHROPIC_MODEL = os.environ.get("ANTHROPIC_MODEL", "{value}"),'
            " and use that name at every call site."
        ),
        confidence=0.9,
    )


def test_m005_a_retired_partner_id_is_named_as_written_with_its_platforms_successor() -> None:
    """A platform ID is grouped by model and platform, named by its smallest written
    form (not the first-party ID), and the setting defaults to the platform's successor."""
    cross_region = f"us.{BEDROCK_HAIKU3}"
    placed = [
        ("app/a.py:1", cross_region),
        ("app/b.py:2", BEDROCK_HAIKU3),
        ("app/b.py:3", BEDROCK_HAIKU3),
    ]
    assert run(models.hardcoded_model, call_sites(*placed)) == [
        m005_partner(
            placed,
            BEDROCK_HAIKU3,
            BEDROCK,
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "2 file(s) (app/a.py, app/b.py)",
        )
    ]


def test_m005_a_retired_partner_id_without_a_platform_successor_keeps_its_own_id() -> None:
    """3.5 Sonnet's successor has no Vertex AI ID: the setting keeps the written ID
    rather than a first-party one that would not work there."""
    vertex = "claude-3-5-sonnet-v2@20241022"
    placed = [("app/a.py:1", vertex), ("app/b.py:2", vertex), ("app/c.py:3", vertex)]
    assert run(models.hardcoded_model, call_sites(*placed)) == [
        m005_partner(
            placed,
            vertex,
            "Google Cloud Vertex AI",
            vertex,
            "3 file(s) (app/a.py, app/b.py, app/c.py)",
        )
    ]


def test_m005_settings_per_role_are_skipped_and_the_next_model_is_still_reported() -> None:
    """Three constants of different names are one setting per role, not copies; the
    skip must not end the scan (haiku's group sorts before sonnet's)."""
    roles = [
        ModelRef(Ref("code", f"app/{name.lower()}.py:1"), "claude-haiku-4-5", "code", setting=name)
        for name in ("ANALYSIS_MODEL", "FIX_MODEL", "VERIFY_MODEL")
    ]
    sonnet = [(f"app/s{n}.py:{n}", "claude-sonnet-4-6") for n in (1, 2, 3)]
    hits = run(models.hardcoded_model, roles, call_sites(*sonnet))
    assert [(h.subject, h.summary) for h in hits] == [
        (
            "claude-sonnet-4-6",
            "Model claude-sonnet-4-6 is hard-coded in 3 places across 3 file(s)"
            " (app/s1.py, app/s2.py, app/s3.py).",
        )
    ]
