"""Controls for M001-M005 and X003: one guard per test, a fixture on each side of it.

The model checks read a dated catalogue, so these tests install their own small
catalogue (`CATALOGUE`, passed as `--models-catalog` would be): a release of the
bundled one cannot move a boundary under them. Evidence is built in-process, as the
code and exports sources record it, and where a finding is produced the whole
finding is compared: its text, evidence, fix, confidence and severity.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from opsdoc.checks import models
from opsdoc.evidence import CodeSite, Evidence, LogRecord, ModelRef, Record, Ref
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity
from opsdoc.models.catalog import Catalog, use_catalog
from opsdoc.models.extract import MENTION, MODEL_SITE, model_refs_in_log
from opsdoc.models.sdk import installed_sdk
from opsdoc.models.verdict import judge

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
DEPRECATIONS = "https://example.invalid/deprecations"
CATALOGUE: dict[str, Any] = {
    "schema_version": 1,
    "checked_on": "2026-11-01",
    "sources": [DEPRECATIONS],
    "models": [
        {
            "id": "claude-3-5-sonnet-20241022",
            "family": "sonnet",
            "version": "3.5",
            "snapshot": "2024-10-22",
            "aliases": ["claude-3-5-sonnet-latest"],
            "status": "retired",
            "deprecated_on": "2025-08-13",
            "retires_on": "2025-10-28",
            "successor": "claude-sonnet-4-6",
            "source": DEPRECATIONS,
            "checked_on": "2026-11-01",
            "platforms": {
                "bedrock": {"ids": ["anthropic.claude-3-5-sonnet-20241022-v2:0"]},
                "vertex": {"ids": ["claude-3-5-sonnet-v2@20241022"]},
            },
        },
        {
            # retired on the Claude API, still served on Bedrock until its own date
            "id": "claude-3-7-sonnet-20250219",
            "family": "sonnet",
            "version": "3.7",
            "status": "retired",
            "deprecated_on": "2025-10-28",
            "retires_on": "2026-02-19",
            "successor": "claude-sonnet-4-6",
            "platforms": {
                "bedrock": {
                    "ids": ["anthropic.claude-3-7-sonnet-20250219-v1:0"],
                    "retires_on": "2026-12-15",
                    "source": "https://example.invalid/bedrock",
                }
            },
        },
        {
            # Bedrock's own date has passed; Vertex AI's is not published
            "id": "claude-3-haiku-20240307",
            "family": "haiku",
            "version": "3",
            "status": "retired",
            "deprecated_on": "2026-02-19",
            "retires_on": "2026-04-20",
            "successor": "claude-haiku-4-5",
            "source": "https://example.invalid/haiku",
            "platforms": {
                "bedrock": {
                    "ids": ["anthropic.claude-3-haiku-20240307-v1:0"],
                    "retires_on": "2026-10-01",
                    "source": "https://example.invalid/bedrock",
                },
                "vertex": {"ids": ["claude-3-haiku@20240307"]},
            },
        },
        {
            "id": "claude-sonnet-4-5-20250929",
            "family": "sonnet",
            "version": "4.5",
            "aliases": ["claude-sonnet-4-5"],
            "status": "deprecated",
            "deprecated_on": "2026-09-29",
            "retires_on": "2026-11-30",
            "successor": "claude-sonnet-5-5",
            "source": DEPRECATIONS,
            "checked_on": "2026-11-01",
            "platforms": {"vertex": {"ids": ["claude-sonnet-4-5@20250929"]}},
        },
        {
            # deprecated, no retirement date published
            "id": "claude-opus-4-1-20250805",
            "family": "opus",
            "version": "4.1",
            "aliases": ["claude-opus-4-1"],
            "status": "deprecated",
            "deprecated_on": "2026-10-01",
            "successor": "claude-opus-4-8",
            "platforms": {"vertex": {"ids": ["claude-opus-4-1@20250805"]}},
        },
        {
            "id": "claude-haiku-4-5-20251001",
            "family": "haiku",
            "version": "4.5",
            "aliases": ["claude-haiku-4-5"],
            "status": "active",
            "platforms": {
                "bedrock": {"ids": ["anthropic.claude-haiku-4-5-20251001-v1:0"]},
                "vertex": {"ids": ["claude-haiku-4-5@20251001"]},
            },
        },
        {
            "id": "claude-opus-4-5-20251101",
            "family": "opus",
            "version": "4.5",
            "aliases": ["claude-opus-4-5"],
            "status": "legacy",
            "retire_not_before": "2027-01-01",
            "successor": "claude-opus-4-8",
        },
        {"id": "claude-sonnet-4-6", "family": "sonnet", "version": "4.6", "status": "active"},
        {"id": "claude-sonnet-5-5", "family": "sonnet", "version": "5.5", "status": "active"},
        {"id": "claude-opus-4-8", "family": "opus", "version": "4.8", "status": "active"},
        {
            # retired without a successor
            "id": "claude-mythos-preview",
            "family": "mythos",
            "version": "preview",
            "status": "retired",
            "retires_on": "2026-06-30",
        },
    ],
}
CATALOG = Catalog.from_dict(CATALOGUE, origin="controls.json")


@pytest.fixture(autouse=True)
def _catalogue() -> Iterator[None]:
    use_catalog(CATALOG)
    yield
    use_catalog(None)


def use(
    location: str, model_id: str, line: str | None = None, context: str = "code"
) -> list[Record]:
    """A model ID where the code source finds it, with the source line when given."""
    path, _, number = location.rpartition(":")
    out: list[Record] = [ModelRef(Ref("code", location), model_id, context)]
    if line is not None:
        out.append(
            CodeSite(
                ref=Ref("code", location),
                kind=MODEL_SITE,
                path=path,
                line=int(number),
                snippet=line.strip(),
                attrs=(("model_id", model_id), ("text", line)),
            )
        )
    return out


def mention(location: str, model_id: str) -> list[Record]:
    return [ModelRef(Ref("code", location), model_id, MENTION)]


def err404(model_id: str) -> str:
    return (
        "anthropic.NotFoundError: Error code: 404 - {'type': 'error', 'error': "
        f"{{'type': 'not_found_error', 'message': 'model: {model_id}'}}}}"
    )


def logged(location: str, message: str) -> list[Record]:
    """A log line as the exports source keeps it, and the model refs read from it."""
    ref = Ref("exports", location)
    return [LogRecord(ref, None, "ERROR", message), *model_refs_in_log(message, ref)]


def run(
    check: object, *groups: list[Record], as_of: datetime = AS_OF, **settings: Any
) -> list[Hit]:
    ev = Evidence(as_of=as_of, settings=dict(settings))
    for group in groups:
        ev.add(group)
    return list(check.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def setting(new_id: str) -> str:
    return (
        f" Better: read the model ID from one setting (e.g. ANTHROPIC_MODEL, default"
        f" {new_id!r}) so the next retirement is a config change, not a code hunt."
    )


def partner(name: str) -> str:
    return (
        f" {name} sets its own retirement schedule, so check its model table for the exact"
        f" date and for the {name} ID of the replacement."
    )


def code(location: str, quote: str) -> EvidenceItem:
    return EvidenceItem("code", location, quote)


def log_item(location: str, model_id: str) -> EvidenceItem:
    return EvidenceItem("exports", location, err404(model_id))


def diff(path: str, number: int, old: str, new: str) -> str:
    return f"--- a/{path}\n+++ b/{path}\n@@ -{number} +{number} @@\n-{old}\n+{new}\n"


BEDROCK = "Amazon Bedrock"
VERTEX = "Google Cloud Vertex AI"
SONNET35 = "claude-3-5-sonnet-20241022"
SOURCE35 = f" Source: {DEPRECATIONS}, checked 2026-11-01."
CALL = '    r = client.messages.create(model="{}", max_tokens=5)'
ALL = (models.retired_model, models.deprecated_model, models.unknown_model)


# M001: retired IDs in code and config ------------------------------------------------


def m001(
    location: str = "app/llm.py:12",
    model_id: str = "claude-3-5-sonnet-latest",
    *,
    failures: tuple[EvidenceItem, ...] = (),
    quote: str | None = None,
) -> Hit:
    """M001 on the alias of the retired 3.5 Sonnet, as `use(location, ..., CALL)` writes it."""
    path, _, number = location.rpartition(":")
    alias = f" (alias of {SONNET35})" if model_id != SONNET35 else ""
    logs = f" The logs show {len(failures)} such failure(s)." if failures else ""
    return Hit(
        subject=location,
        summary=f"{location} uses model {model_id}{alias}, retired on 2025-10-28: every request"
        f" with it fails with 404 not_found_error.{logs}{SOURCE35}",
        evidence=(code(location, quote or CALL.format(model_id).strip()), *failures),
        fix=Fix(
            text=f"Replace {model_id} with claude-sonnet-4-6, the recommended successor."
            + setting("claude-sonnet-4-6"),
            diff=diff(path, int(number), CALL.format(model_id), CALL.format("claude-sonnet-4-6")),
        ),
        confidence=0.95,
        severity=Severity.CRITICAL if failures else None,
        explains=(
            f"M004:{model_id}",
            *((f"M004:{SONNET35}",) if model_id != SONNET35 else ()),
            *((f"M004:{'claude-3-5-sonnet-latest'}",) if model_id == SONNET35 else ()),
            *(("E003:*",) if failures else ()),
        ),
    )


def test_m001_a_retired_alias_is_an_error_with_the_successors_diff() -> None:
    hits = run(
        models.retired_model,
        use("app/llm.py:12", "claude-3-5-sonnet-latest", CALL.format("claude-3-5-sonnet-latest")),
    )
    assert hits == [m001()]


def test_m001_current_deprecated_and_legacy_ids_are_not_retired() -> None:
    for model_id in ("claude-sonnet-4-6", "claude-sonnet-4-5", "claude-opus-4-5", "claude-opus-9"):
        assert run(models.retired_model, use("app/llm.py:12", model_id)) == [], model_id


def test_m001_the_retirement_day_itself_counts() -> None:
    site = use("agent.py:8", "claude-sonnet-4-5")
    day = datetime(2026, 11, 30, tzinfo=UTC)
    assert run(models.retired_model, site, as_of=day - timedelta(seconds=1)) == []
    assert [h.subject for h in run(models.retired_model, site, as_of=day)] == ["agent.py:8"]


def test_m001_is_critical_when_the_logs_show_its_404_under_another_spelling() -> None:
    site = use("app/llm.py:12", "claude-3-5-sonnet-latest", CALL.format("claude-3-5-sonnet-latest"))
    failure = logged("logs.json#3", err404(SONNET35))
    assert run(models.retired_model, site, failure) == [
        m001(failures=(log_item("logs.json#3", SONNET35),))
    ]
    # and the other way round: the code names the snapshot, the log its alias
    site = use("app/llm.py:12", SONNET35, CALL.format(SONNET35))
    failure = logged("logs.json#3", err404("claude-3-5-sonnet-latest"))
    assert run(models.retired_model, site, failure) == [
        m001(model_id=SONNET35, failures=(log_item("logs.json#3", "claude-3-5-sonnet-latest"),))
    ]


def test_m001_a_404_of_another_model_is_not_this_ones_failure() -> None:
    site = use("app/llm.py:12", "claude-3-5-sonnet-latest", CALL.format("claude-3-5-sonnet-latest"))
    other = logged("logs.json#3", err404("claude-sonnet-4-6"))
    assert run(models.retired_model, site, other) == [m001()]


def test_m001_quotes_at_most_five_log_lines() -> None:
    site = use("app/llm.py:12", "claude-3-5-sonnet-latest", CALL.format("claude-3-5-sonnet-latest"))
    failures = [r for i in range(7) for r in logged(f"logs.json#{i}", err404(SONNET35))]
    hit = m001(failures=tuple(log_item(f"logs.json#{i}", SONNET35) for i in range(5)))
    hit = replace(hit, summary=hit.summary.replace("show 5 such", "show 7 such"))
    assert run(models.retired_model, site, failures) == [hit]


def test_m001_a_logged_404_without_its_log_line_is_quoted_as_the_error() -> None:
    site = use("app/llm.py:12", "claude-3-5-sonnet-latest", CALL.format("claude-3-5-sonnet-latest"))
    bare = [ModelRef(Ref("exports", "logs.json#3"), SONNET35, "log")]
    (hit,) = run(models.retired_model, site, bare)
    assert hit.evidence[1] == EvidenceItem(
        "exports", "logs.json#3", f"not_found_error: model: {SONNET35}"
    )


def test_m001_without_a_successor_says_to_move_to_a_current_model() -> None:
    assert run(models.retired_model, use("app/llm.py:12", "claude-mythos-preview")) == [
        Hit(
            subject="app/llm.py:12",
            summary="app/llm.py:12 uses model claude-mythos-preview, retired on 2026-06-30:"
            " every request with it fails with 404 not_found_error.",
            evidence=(code("app/llm.py:12", "model ID claude-mythos-preview (code)"),),
            fix=Fix(
                text="Move to a current model (the recommended successor); the catalogue names"
                " no successor." + setting("a current model")
            ),
            confidence=0.95,
            explains=("M004:claude-mythos-preview",),
        )
    ]


def test_m001_a_source_line_without_the_id_is_not_quoted_nor_changed() -> None:
    line = "    model = settings.MODEL"  # the line the source gave holds another ID's site
    (hit,) = run(models.retired_model, use("app/llm.py:12", SONNET35, line))
    assert hit.evidence == (code("app/llm.py:12", f"model ID {SONNET35} (code)"),)
    assert hit.fix.diff == ""


def test_m001_one_finding_per_site_and_id() -> None:
    site = use("app/llm.py:12", SONNET35)
    twice = run(models.retired_model, site, site)
    assert [h.subject for h in twice] == ["app/llm.py:12"]
    both = run(models.retired_model, site, use("app/llm.py:12", "claude-3-haiku-20240307"))
    assert [h.subject for h in both] == ["app/llm.py:12", "app/llm.py:12"]


def test_m001_bedrock_date_passed_is_retired_on_bedrock() -> None:
    model_id = "anthropic.claude-3-haiku-20240307-v1:0"
    line = f'MODEL_ID = "{model_id}"'
    new = "anthropic.claude-haiku-4-5-20251001-v1:0"
    assert run(models.retired_model, use("infra/bedrock.py:4", model_id, line)) == [
        Hit(
            subject="infra/bedrock.py:4",
            summary=f"infra/bedrock.py:4 uses model {model_id}, retired on Amazon Bedrock on"
            " 2026-10-01: every request with it fails with 404 not_found_error."
            " Source: https://example.invalid/haiku.",
            evidence=(code("infra/bedrock.py:4", line),),
            fix=Fix(
                text=f"Replace {model_id} with {new}, the recommended successor."
                + setting(new)
                + partner(BEDROCK),
                diff=diff("infra/bedrock.py", 4, line, f'MODEL_ID = "{new}"'),
            ),
            confidence=0.95,
            explains=("M004:claude-3-haiku-20240307",),
        )
    ]


def test_m001_bedrock_before_its_own_date_is_not_retired() -> None:
    # The Claude API retired 3.7 Sonnet on 2026-02-19; Bedrock serves it until 2026-12-15.
    site = use("infra/bedrock.py:4", "anthropic.claude-3-7-sonnet-20250219-v1:0")
    assert run(models.retired_model, site) == []
    assert [h.subject for h in run(models.deprecated_model, site)] == ["infra/bedrock.py:4"]
    on_the_day = datetime(2026, 12, 15, tzinfo=UTC)
    assert [h.subject for h in run(models.retired_model, site, as_of=on_the_day)] == [
        "infra/bedrock.py:4"
    ]


def vertex_haiku(failures: tuple[EvidenceItem, ...] = ()) -> Hit:
    model_id = "claude-3-haiku@20240307"
    logs = (
        f"but the logs show {len(failures)} request(s) to it failing with 404 there."
        if failures
        else "so requests there may still work."
    )
    return Hit(
        subject="infra/vertex.yaml:4",
        summary=f"infra/vertex.yaml:4 uses Google Cloud Vertex AI model {model_id}. The Claude"
        " API retired this model on 2026-04-20; Google Cloud Vertex AI's own retirement date"
        f" is not published in opsdoc's catalogue, {logs} Source: https://example.invalid/haiku.",
        evidence=(code("infra/vertex.yaml:4", f"model: {model_id}"), *failures),
        fix=Fix(
            text=f"Replace {model_id} with claude-haiku-4-5@20251001, the recommended successor."
            + setting("claude-haiku-4-5@20251001")
            + partner(VERTEX),
            diff=diff(
                "infra/vertex.yaml", 4, f"model: {model_id}", "model: claude-haiku-4-5@20251001"
            ),
        ),
        confidence=0.95 if failures else 0.6,
        severity=Severity.CRITICAL if failures else Severity.WARNING,
        explains=("M004:claude-3-haiku-20240307", *(("E003:*",) if failures else ())),
    )


def test_m001_vertex_without_its_own_date_is_a_warning_until_the_logs_show_404s() -> None:
    site = use(
        "infra/vertex.yaml:4", "claude-3-haiku@20240307", "model: claude-3-haiku@20240307", "config"
    )
    assert run(models.retired_model, site) == [vertex_haiku()]
    failure = logged("logs.json#2", err404("claude-3-haiku@20240307"))
    assert run(models.retired_model, site, failure) == [
        vertex_haiku((log_item("logs.json#2", "claude-3-haiku@20240307"),))
    ]


def test_m001_a_platform_id_is_info_in_the_first_months_after_the_claude_api_retires_it() -> None:
    """The platforms retire on later dates of their own: weeks after the Claude API, a
    Vertex AI ID of the model most likely still works, and nothing shows it failing."""
    site = use(
        "infra/vertex.yaml:4", "claude-3-haiku@20240307", "model: claude-3-haiku@20240307", "config"
    )
    soon_after = datetime(2026, 5, 20, tzinfo=UTC)  # the Claude API retired it on 2026-04-20
    [hit] = run(models.retired_model, site, as_of=soon_after)
    assert (hit.severity, hit.confidence) == (Severity.INFO, 0.6)
    months_after = datetime(2026, 7, 20, tzinfo=UTC)
    [hit] = run(models.retired_model, site, as_of=months_after)
    assert hit.severity is Severity.WARNING
    failure = logged("logs.json#2", err404("claude-3-haiku@20240307"))
    [hit] = run(models.retired_model, site, failure, as_of=soon_after)
    assert hit.severity is Severity.CRITICAL


def test_m001_a_retired_id_only_in_the_logs_is_named_by_the_model() -> None:
    model_id = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"  # cross-region Bedrock profile
    failures = [r for i in (3, 4) for r in logged(f"logs.json#{i}", err404(model_id))]
    assert run(models.retired_model, failures) == [
        Hit(
            subject=SONNET35,
            summary=f"Requests use model {SONNET35}, retired on 2025-10-28: 2 logged 404"
            " not_found_error(s). The ID was not found in the scanned code or config, so it"
            " comes from elsewhere (environment, deployment, another repository).",
            evidence=(log_item("logs.json#3", model_id), log_item("logs.json#4", model_id)),
            fix=Fix(
                text=f"Find where {SONNET35} is configured and use claude-sonnet-4-6 instead."
                + setting("claude-sonnet-4-6")
                + partner(BEDROCK)
            ),
            confidence=0.9,
            severity=Severity.CRITICAL,
            explains=(f"M004:{SONNET35}", "M004:claude-3-5-sonnet-latest", "E003:*"),
        )
    ]


def test_m001_log_only_first_party_id_has_no_partner_note_and_its_own_successor() -> None:
    (hit,) = run(models.retired_model, logged("logs.json#1", err404("claude-3-haiku-20240307")))
    assert hit.fix.text == (
        "Find where claude-3-haiku-20240307 is configured and use claude-haiku-4-5 instead."
        + setting("claude-haiku-4-5")
    )
    assert hit.summary.startswith(
        "Requests use model claude-3-haiku-20240307, retired on 2026-04-20: 1 logged"
    )
    (hit,) = run(models.retired_model, logged("logs.json#1", err404("claude-mythos-preview")))
    assert hit.fix.text.startswith(
        "Find where claude-mythos-preview is configured and use a current model instead."
    )


def test_m001_log_only_keeps_the_platforms_successor() -> None:
    (hit,) = run(
        models.retired_model,
        logged("logs.json#1", err404("anthropic.claude-3-haiku-20240307-v1:0")),
    )
    assert hit.fix.text.startswith(
        "Find where claude-3-haiku-20240307 is configured and use"
        " anthropic.claude-haiku-4-5-20251001-v1:0 instead."
    )
    assert hit.summary.startswith(
        "Requests use model claude-3-haiku-20240307, retired on 2026-10-01: 1 logged"
    )


def test_m001_a_log_404_of_a_retired_id_in_the_code_is_the_code_finding() -> None:
    site = use("app/llm.py:12", "claude-3-5-sonnet-latest", CALL.format("claude-3-5-sonnet-latest"))
    failure = logged("logs.json#3", err404(SONNET35))
    hits = run(models.retired_model, site, failure)
    assert [h.subject for h in hits] == ["app/llm.py:12"]
    # another retired ID in the code does not cover this one's 404s
    other = use("app/llm.py:20", "claude-3-haiku-20240307")
    assert [h.subject for h in run(models.retired_model, other, failure)] == [
        "app/llm.py:20",
        SONNET35,
    ]


def test_m001_log_only_ids_that_are_not_retired_are_not_m001() -> None:
    for model_id in ("claude-sonnet-4-6", "claude-sonnet-4-5", "claude-opus-9", "gpt-4o"):
        assert run(models.retired_model, logged("logs.json#1", err404(model_id))) == [], model_id


def test_m001_log_only_two_spellings_of_one_model_are_one_finding() -> None:
    failures = logged("logs.json#1", err404(SONNET35)) + logged(
        "logs.json#2", err404("claude-3-5-sonnet-latest")
    )
    hits = run(models.retired_model, failures)
    assert [(h.subject, len(h.evidence)) for h in hits] == [(SONNET35, 1)]


def test_m001_a_retired_id_only_named_in_a_table_is_info() -> None:
    table = mention("docs/models.md:7", SONNET35)
    assert run(models.retired_model, table) == [
        Hit(
            subject=SONNET35,
            summary=f"{SONNET35} (retired on 2025-10-28) is named in 1 place(s) that no request"
            " uses (docs/models.md:7): a table, a doc or data, not a client call, deployment"
            " setting or env var the code reads.",
            evidence=(code("docs/models.md:7", f"model ID {SONNET35} (mention)"),),
            fix=Fix(
                text="Nothing calls the API with it; update the table or text when convenient."
            ),
            confidence=0.3,
            severity=Severity.INFO,
        )
    ]
    # used elsewhere: the use is the finding, the mention adds nothing
    used = use("app/llm.py:12", "claude-3-5-sonnet-20241022")
    assert [h.subject for h in run(models.retired_model, table, used)] == ["app/llm.py:12"]
    # a current model in a table is nothing
    assert run(models.retired_model, mention("docs/models.md:7", "claude-sonnet-4-6")) == []


def test_mentions_name_three_places_then_an_ellipsis() -> None:
    three = [r for i in range(1, 4) for r in mention(f"docs/m{i}.md:1", SONNET35)]
    (hit,) = run(models.retired_model, three)
    assert (
        "named in 3 place(s) that no request uses (docs/m1.md:1, docs/m2.md:1, docs/m3.md:1):"
        in hit.summary
    )
    four = [*three, *mention("docs/m4.md:1", SONNET35)]
    (hit,) = run(models.retired_model, four)
    assert (
        "named in 4 place(s) that no request uses (docs/m1.md:1, docs/m2.md:1, docs/m3.md:1, …):"
        in hit.summary
    )
    six = [r for i in range(1, 7) for r in mention(f"docs/m{i}.md:1", SONNET35)]
    (hit,) = run(models.retired_model, six)
    assert [e.ref for e in hit.evidence] == [f"docs/m{i}.md:1" for i in range(1, 6)]


# M001: many uses in one file are one finding ------------------------------------------


def sites_in(path: str, count: int, model_id: str = SONNET35, start: int = 1) -> list[Record]:
    return [
        r
        for n in range(start, start + count)
        for r in use(f"{path}:{n}", model_id, CALL.format(model_id))
    ]


def test_m001_twenty_uses_in_a_file_are_twenty_findings() -> None:
    hits = run(models.retired_model, sites_in("gen/calls.py", 20))
    assert [h.subject for h in hits] == [f"gen/calls.py:{n}" for n in range(1, 21)]


def test_m001_twenty_one_uses_in_a_file_are_one_finding_with_a_count() -> None:
    hits = run(models.retired_model, sites_in("gen/calls.py", 21))
    hunks = "".join(
        f"@@ -{n} +{n} @@\n-{CALL.format(SONNET35)}\n+{CALL.format('claude-sonnet-4-6')}\n"
        for n in range(1, 21)
    )
    assert hits == [
        Hit(
            subject="gen/calls.py:1",
            summary=f"21 uses of retired model IDs in gen/calls.py: {SONNET35} (21). Every"
            " request with them fails with 404 not_found_error. The first is at"
            " gen/calls.py:1; also lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ….",
            evidence=tuple(
                code(f"gen/calls.py:{n}", CALL.format(SONNET35).strip()) for n in range(1, 6)
            ),
            fix=Fix(
                text=f"Replace {SONNET35} with claude-sonnet-4-6. The diff shows the first 20"
                " changes; `opsdoc fix --apply` makes all 21." + setting("claude-sonnet-4-6"),
                diff=f"--- a/gen/calls.py\n+++ b/gen/calls.py\n{hunks}",
            ),
            confidence=0.95,
            explains=(f"M004:{SONNET35}", "M004:claude-3-5-sonnet-latest"),
        )
    ]


def test_m001_uses_in_different_files_are_not_counted_together() -> None:
    records = sites_in("gen/a.py", 11) + sites_in("gen/b.py", 10)
    assert len(run(models.retired_model, records)) == 21


def test_m001_a_location_without_a_line_number_is_its_own_file() -> None:
    # a deployment's env var is located by resource, and its tail is not a line number
    records = sites_in("gen/calls.py", 20) + use("gen/calls.py:env", SONNET35)
    assert len(run(models.retired_model, records)) == 21


def test_m001_collapsed_finding_counts_each_id_and_quotes_each_first() -> None:
    haiku = "claude-3-haiku-20240307"
    records = (
        sites_in("gen/calls.py", 19)
        + sites_in("gen/calls.py", 3, haiku, start=20)
        + logged("logs.json#1", err404(haiku))
        + logged("logs.json#2", err404(haiku))
        + logged("logs.json#3", err404(haiku))
    )
    (hit,) = run(models.retired_model, records)
    assert hit.summary == (
        f"22 uses of retired model IDs in gen/calls.py: {SONNET35} (19), {haiku} (3). Every"
        " request with them fails with 404 not_found_error. The first is at gen/calls.py:1;"
        " also lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …. The logs show 3 such failure(s)."
    )
    # one quote per ID first, then the next sites, leaving room for two log lines
    assert hit.evidence == (
        code("gen/calls.py:1", CALL.format(SONNET35).strip()),
        code("gen/calls.py:20", CALL.format(haiku).strip()),
        code("gen/calls.py:2", CALL.format(SONNET35).strip()),
        log_item("logs.json#1", haiku),
        log_item("logs.json#2", haiku),
    )
    assert hit.fix.text == (
        f"Replace {SONNET35} with claude-sonnet-4-6; {haiku} with claude-haiku-4-5. The diff"
        " shows the first 20 changes; `opsdoc fix --apply` makes all 22."
        + setting("claude-sonnet-4-6")
    )
    assert hit.fix.diff.count("@@ -") == 20
    assert (hit.confidence, hit.severity) == (0.95, Severity.CRITICAL)
    assert hit.explains == (
        f"M004:{SONNET35}",
        "M004:claude-3-5-sonnet-latest",
        "E003:*",
        f"M004:{haiku}",
    )


def test_m001_collapsed_without_lines_has_no_diff_and_undated_ids_are_a_warning() -> None:
    vertex = "claude-3-haiku@20240307"
    records = [r for n in range(1, 22) for r in use(f"gen/v.yaml:{n}", vertex, context="config")]
    (hit,) = run(models.retired_model, records)
    assert hit.fix == Fix(
        text=f"Replace {vertex} with claude-haiku-4-5@20251001."
        + setting("claude-haiku-4-5@20251001")
    )
    assert hit.evidence == tuple(
        code(f"gen/v.yaml:{n}", f"model ID {vertex} (config)") for n in range(1, 6)
    )
    assert (hit.confidence, hit.severity) == (0.6, Severity.WARNING)
    # an undated ID beside a dated one: the dated one decides
    records += use("gen/v.yaml:30", SONNET35)
    (hit,) = run(models.retired_model, records)
    assert (hit.confidence, hit.severity) == (0.95, None)


# M002: deprecated IDs that retire soon ------------------------------------------------

AGENT = '        model="{}",'


def m002(days: int = 7, as_of: str = "2026-11-23") -> Hit:
    return Hit(
        subject="agent.py:8",
        summary="agent.py:8 uses model claude-sonnet-4-5, deprecated and retiring on 2026-11-30"
        f" ({days} day(s) after {as_of}); from then on every request with it fails with 404."
        + SOURCE35,
        evidence=(code("agent.py:8", 'model="claude-sonnet-4-5",'),),
        fix=Fix(
            text="Move to claude-sonnet-5-5 before 2026-11-30." + setting("claude-sonnet-5-5"),
            diff=diff(
                "agent.py", 8, AGENT.format("claude-sonnet-4-5"), AGENT.format("claude-sonnet-5-5")
            ),
        ),
        confidence=0.9,
    )


def deprecated_site() -> list[Record]:
    return use("agent.py:8", "claude-sonnet-4-5", AGENT.format("claude-sonnet-4-5"))


def test_m002_a_deprecated_id_retiring_within_the_window_is_a_warning() -> None:
    assert run(models.deprecated_model, deprecated_site()) == [m002()]


def test_m002_the_window_includes_its_last_day() -> None:
    site = deprecated_site()
    assert run(models.deprecated_model, site, model_retirement_warn_days=7) == [m002()]
    assert run(models.deprecated_model, site, model_retirement_warn_days=6) == []


def test_m002_default_window_is_ninety_days() -> None:
    # Bedrock serves 3.7 Sonnet until 2026-12-15, on its own published date
    site = use("agent.py:8", "anthropic.claude-3-7-sonnet-20250219-v1:0")
    ninety = datetime(2026, 9, 16, tzinfo=UTC)
    (hit,) = run(models.deprecated_model, site, as_of=ninety)
    assert "retiring on 2026-12-15 (90 day(s) after 2026-09-16)" in hit.summary
    assert run(models.deprecated_model, site, as_of=ninety - timedelta(days=1)) == []


@pytest.mark.parametrize("bad", ["soon", None, "7.5"])
def test_m002_a_malformed_window_falls_back_to_ninety_days(bad: object) -> None:
    site = use("agent.py:8", "anthropic.claude-3-7-sonnet-20250219-v1:0")
    ninety = datetime(2026, 9, 16, tzinfo=UTC)
    assert (
        len(run(models.deprecated_model, site, as_of=ninety, model_retirement_warn_days=bad)) == 1
    )
    assert (
        run(
            models.deprecated_model,
            site,
            as_of=ninety - timedelta(days=1),
            model_retirement_warn_days=bad,
        )
        == []
    )


def test_m002_a_partner_id_with_its_own_date_is_dated_by_it() -> None:
    model_id = "anthropic.claude-3-7-sonnet-20250219-v1:0"
    assert run(models.deprecated_model, use("agent.py:8", model_id)) == [
        Hit(
            subject="agent.py:8",
            summary=f"agent.py:8 uses model {model_id}, deprecated and retiring on 2026-12-15"
            " (22 day(s) after 2026-11-23); from then on every request with it fails with 404.",
            evidence=(code("agent.py:8", f"model ID {model_id} (code)"),),
            fix=Fix(
                text="Move to claude-sonnet-4-6 before 2026-12-15. Not changed automatically:"
                " Amazon Bedrock ID: the successor's Amazon Bedrock ID is not in the catalogue,"
                " change by hand." + setting("claude-sonnet-4-6") + partner(BEDROCK)
            ),
            confidence=0.9,
        )
    ]


def test_m002_without_a_published_retirement_date_is_info() -> None:
    assert run(models.deprecated_model, use("agent.py:8", "claude-opus-4-1")) == [
        Hit(
            subject="agent.py:8",
            summary="agent.py:8 uses model claude-opus-4-1, deprecated and its retirement date"
            " is not published; once it retires, every request with it fails with 404.",
            evidence=(code("agent.py:8", "model ID claude-opus-4-1 (code)"),),
            fix=Fix(text="Move to claude-opus-4-8." + setting("claude-opus-4-8")),
            confidence=0.9,
            severity=Severity.INFO,
        )
    ]


def test_m002_a_partner_id_without_its_own_date_is_info_at_low_confidence() -> None:
    model_id = "claude-sonnet-4-5@20250929"
    by_hand = (
        " Not changed automatically: Google Cloud Vertex AI ID: the successor's Google Cloud"
        " Vertex AI ID is not in the catalogue, change by hand."
    )
    assert run(models.deprecated_model, use("agent.py:8", model_id)) == [
        Hit(
            subject="agent.py:8",
            summary=f"agent.py:8 uses Google Cloud Vertex AI model {model_id}: deprecated on the"
            " Claude API, which retires it on 2026-11-30; Google Cloud Vertex AI's own date is"
            " not published in opsdoc's catalogue." + SOURCE35,
            evidence=(code("agent.py:8", f"model ID {model_id} (code)"),),
            fix=Fix(
                text="Move to claude-sonnet-5-5 before 2026-11-30."
                + by_hand
                + setting("claude-sonnet-5-5")
                + partner(VERTEX)
            ),
            confidence=0.5,
            severity=Severity.INFO,
        )
    ]
    # neither the Claude API nor the platform has a date: no "retires it on None"
    model_id = "claude-opus-4-1@20250805"
    assert run(models.deprecated_model, use("agent.py:8", model_id)) == [
        Hit(
            subject="agent.py:8",
            summary=f"agent.py:8 uses Google Cloud Vertex AI model {model_id}: deprecated on the"
            " Claude API, which has not published its retirement date; Google Cloud Vertex AI's"
            " own date is not published in opsdoc's catalogue.",
            evidence=(code("agent.py:8", f"model ID {model_id} (code)"),),
            fix=Fix(
                text="Move to claude-opus-4-8."
                + by_hand
                + setting("claude-opus-4-8")
                + partner(VERTEX)
            ),
            confidence=0.5,
            severity=Severity.INFO,
        )
    ]


def test_m002_active_retired_and_unknown_ids_are_not_deprecated() -> None:
    # a legacy entry is silent unless the SDK's end-of-life table dates it, which the
    # installed SDK does for claude-opus-4-5 (see test_models_truth)
    for model_id in (
        "claude-sonnet-4-6",
        SONNET35,
        "claude-opus-9",
        "claude-sonet-4-6",
    ):
        assert run(models.deprecated_model, use("agent.py:8", model_id)) == [], model_id


def test_m002_before_its_deprecation_day_a_model_is_active() -> None:
    site = deprecated_site()
    day = datetime(2026, 9, 29, tzinfo=UTC)
    assert run(models.deprecated_model, site, as_of=day - timedelta(seconds=1)) == []
    (hit,) = run(models.deprecated_model, site, as_of=day, model_retirement_warn_days=100)
    assert "(62 day(s) after 2026-09-29)" in hit.summary


def test_m002_a_deprecated_id_only_named_in_a_table_is_info() -> None:
    table = mention("docs/models.md:3", "claude-sonnet-4-5")
    assert run(models.deprecated_model, table) == [
        Hit(
            subject="claude-sonnet-4-5",
            summary="claude-sonnet-4-5 (deprecated, retiring on 2026-11-30) is named in 1"
            " place(s) that no request uses (docs/models.md:3): a table, a doc or data, not a"
            " client call, deployment setting or env var the code reads.",
            evidence=(code("docs/models.md:3", "model ID claude-sonnet-4-5 (mention)"),),
            fix=Fix(
                text="Nothing calls the API with it; update the table or text when convenient."
            ),
            confidence=0.3,
            severity=Severity.INFO,
        )
    ]
    # a retired ID in a table is M001's, not M002's
    assert run(models.deprecated_model, mention("docs/models.md:3", SONNET35)) == []
    # used by a request as well: the use is reported, not the mention
    hits = run(models.deprecated_model, table, deprecated_site())
    assert [h.subject for h in hits] == ["agent.py:8"]


# M003: IDs that never existed ---------------------------------------------------------

INVENTED = "claude-3-5-sonnet-20250219"  # a 3.5 Sonnet snapshot date that never was


def m003(failures: tuple[EvidenceItem, ...] = (), live: bool = False) -> Hit:
    line = f'DEFAULT_MODEL = "{INVENTED}"'
    logs = f" The logs show {len(failures)} 404 not_found_error(s) for it." if failures else ""
    api = " The Models API does not list it either." if live else ""
    return Hit(
        subject="llm.py:3",
        summary=f"llm.py:3 uses model {INVENTED}, an ID Anthropic never released: it fails with"
        f" 404. The nearest real ID is {SONNET35} (retired since 2025-10-28). Use"
        f" claude-sonnet-4-6.{api}{logs}",
        evidence=(code("llm.py:3", line), *failures),
        fix=Fix(
            text=f"Replace {INVENTED} with claude-sonnet-4-6. Check the tier is the one you meant."
            + setting("claude-sonnet-4-6"),
            diff=diff("llm.py", 3, line, 'DEFAULT_MODEL = "claude-sonnet-4-6"'),
        ),
        confidence=0.95 if failures else 0.85,
        explains=(f"M004:{INVENTED}", *(("E003:*",) if failures else ())),
    )


def invented_site() -> list[Record]:
    return use("llm.py:3", INVENTED, f'DEFAULT_MODEL = "{INVENTED}"')


def test_m003_an_invented_id_names_the_nearest_real_one_and_what_to_use() -> None:
    assert run(models.unknown_model, invented_site()) == [m003()]


def test_m003_with_its_404s_in_the_logs_it_is_certain() -> None:
    failure = logged("logs.json#1", err404(INVENTED))
    assert run(models.unknown_model, invented_site(), failure) == [
        m003((log_item("logs.json#1", INVENTED),))
    ]


def test_m003_a_family_typo_whose_nearest_model_is_current_needs_no_second_name() -> None:
    assert run(models.unknown_model, use("llm.py:3", "claude-sonet-4-6")) == [
        Hit(
            subject="llm.py:3",
            summary="llm.py:3 uses model claude-sonet-4-6, an ID Anthropic never released: it"
            " fails with 404. The nearest real ID is claude-sonnet-4-6 (active).",
            evidence=(code("llm.py:3", "model ID claude-sonet-4-6 (code)"),),
            fix=Fix(
                text="Replace claude-sonet-4-6 with claude-sonnet-4-6. Check the tier is the one"
                " you meant." + setting("claude-sonnet-4-6")
            ),
            confidence=0.85,
            explains=("M004:claude-sonet-4-6",),
        )
    ]


def test_m003_an_invented_id_with_nothing_near_it() -> None:
    assert run(models.unknown_model, use("llm.py:3", "claude-2.2")) == [
        Hit(
            subject="llm.py:3",
            summary="llm.py:3 uses model claude-2.2, an ID Anthropic never released: it fails"
            " with 404. No similar model is known.",
            evidence=(code("llm.py:3", "model ID claude-2.2 (code)"),),
            fix=Fix(
                text="Replace claude-2.2 with a real model ID. Check the tier is the one you meant."
            ),
            confidence=0.85,
            explains=("M004:claude-2.2",),
        )
    ]


def test_m003_an_id_newer_than_the_catalogue_is_info_not_invented() -> None:
    assert run(models.unknown_model, use("llm.py:3", "claude-opus-9")) == [
        Hit(
            subject="llm.py:3",
            summary="llm.py:3 uses model claude-opus-9, which is unknown to the catalogue (model"
            f" catalogue checked on 2026-11-01) and to {installed_sdk().label}. It follows"
            " Anthropic's naming scheme, so it may be newer than both; if it is a typo, every"
            " request fails with 404.",
            evidence=(code("llm.py:3", "model ID claude-opus-9 (code)"),),
            fix=Fix(
                text="Check the ID against the Models API (set ANTHROPIC_API_KEY) or the models"
                " overview; `opsdoc fix` leaves it alone. A newer catalogue: --models-catalog FILE."
            ),
            confidence=0.3,
            severity=Severity.INFO,
        )
    ]


def test_m003_the_not_in_catalogue_finding_names_the_sdk_only_when_it_has_a_version() -> None:
    from opsdoc.models.sdk import SdkModels

    ev = Evidence(as_of=AS_OF)
    ref = ModelRef(Ref("code", "llm.py:3"), "claude-opus-9", "code")
    view = models._view(ev)
    for sdk, label in [
        (SdkModels("1.2.3"), "anthropic SDK 1.2.3"),
        (SdkModels(""), "the anthropic SDK"),
        (None, "the anthropic SDK"),
    ]:
        view.sdk = sdk
        hit = models._not_in_catalogue_hit(view, ref)
        assert f"(model catalogue checked on 2026-11-01) and to {label}. It" in hit.summary


def test_m003_an_id_the_installed_sdk_knows_is_real() -> None:
    sdk = installed_sdk()
    known = sorted(
        i for i in sdk.ids if CATALOG.lookup(i) is None and CATALOG.looks_like_model_id(i)
    )
    assert known, f"{sdk.label} lists no model ID the test catalogue lacks"
    model_id = known[0]
    assert judge(CATALOG, model_id, AS_OF.date()).kind in ("unknown", "invented")  # without the SDK
    assert run(models.unknown_model, use("llm.py:3", model_id)) == []


def test_m003_an_id_the_models_api_lists_is_real() -> None:
    api = Ref("anthropic-models", "https://api.anthropic.com/v1/models")
    listed = [ModelRef(api, "claude-opus-9", "api-available")]
    assert run(models.unknown_model, listed, use("llm.py:3", "claude-opus-9")) == []
    # an invented ID it does not list says so
    assert run(models.unknown_model, listed, invented_site()) == [m003(live=True)]


def test_m003_the_models_api_list_is_not_a_use() -> None:
    api = Ref("anthropic-models", "https://api.anthropic.com/v1/models")
    listed = [ModelRef(api, SONNET35, "api-available"), ModelRef(api, INVENTED, "api-available")]
    for check in (*ALL, models.hardcoded_model, models.model_not_found):
        assert run(check, listed) == [], check


def test_m003_ids_that_are_real_or_not_anthropics_are_not_m003() -> None:
    for model_id in (
        "claude-sonnet-4-6",
        "claude-sonnet-4-5",
        SONNET35,
        "claude-opus-4-5",
        "gpt-4o",
    ):
        assert run(models.unknown_model, use("llm.py:3", model_id)) == [], model_id
        assert run(models.unknown_model, logged("logs.json#1", err404(model_id))) == [], model_id


def test_m003_an_invented_id_only_in_the_logs_is_named_by_itself() -> None:
    failures = logged("logs.json#1", err404(INVENTED)) + logged("logs.json#2", err404(INVENTED))
    assert run(models.unknown_model, failures) == [
        Hit(
            subject=INVENTED,
            summary=f"Requests use model {INVENTED}, an ID Anthropic never released: it fails"
            f" with 404. The nearest real ID is {SONNET35} (retired since 2025-10-28). Use"
            " claude-sonnet-4-6. The logs show 2 404 not_found_error(s) for it.",
            evidence=(log_item("logs.json#1", INVENTED), log_item("logs.json#2", INVENTED)),
            fix=Fix(
                text=f"Replace {INVENTED} with claude-sonnet-4-6. Check the tier is the one you"
                " meant." + setting("claude-sonnet-4-6")
            ),
            confidence=0.95,
            explains=(f"M004:{INVENTED}", "E003:*"),
        )
    ]


def test_m003_an_id_in_code_and_logs_is_one_finding() -> None:
    failure = logged("logs.json#1", err404(INVENTED))
    assert [h.subject for h in run(models.unknown_model, invented_site(), failure)] == ["llm.py:3"]
    newer = use("llm.py:4", "claude-opus-9") + logged("logs.json#2", err404("claude-opus-9"))
    assert [h.subject for h in run(models.unknown_model, newer)] == ["llm.py:4"]


def test_m003_an_unknown_id_the_api_answers_404_for_is_an_error() -> None:
    """Newer than the catalogue or not, the API answered that the ID is not there."""
    assert run(models.unknown_model, logged("logs.json#1", err404("claude-opus-9"))) == [
        Hit(
            subject="claude-opus-9",
            summary="Requests use model claude-opus-9, which is unknown to the catalogue (model"
            " catalogue checked on 2026-11-01) and which the API answers with 404"
            " not_found_error: every request with it fails. No similar model is known. The"
            " logs show 1 404 not_found_error(s) for it.",
            evidence=(log_item("logs.json#1", "claude-opus-9"),),
            fix=Fix(
                text="Replace claude-opus-9 with a real model ID. Check the tier is the one you"
                " meant."
            ),
            confidence=0.95,
            severity=None,
            explains=("M004:claude-opus-9", "E003:*"),
        )
    ]


def test_m003_an_invented_id_only_named_in_a_doc_is_info() -> None:
    assert run(models.unknown_model, mention("docs/m.md:3", "claude-sonet-4-6")) == [
        Hit(
            subject="claude-sonet-4-6",
            summary="claude-sonet-4-6 (not a released model) is named in 1 place(s) that no"
            " request uses (docs/m.md:3): a table, a doc or data, not a client call, deployment"
            " setting or env var the code reads.",
            evidence=(code("docs/m.md:3", "model ID claude-sonet-4-6 (mention)"),),
            fix=Fix(
                text="Nothing calls the API with it; update the table or text when convenient."
            ),
            confidence=0.3,
            severity=Severity.INFO,
        )
    ]
    # an unknown (maybe newer) ID in a doc is nothing
    assert run(models.unknown_model, mention("docs/m.md:3", "claude-opus-9")) == []


# M004: model 404s in the logs ---------------------------------------------------------

M004_FIX = Fix(
    text="Fix the model ID at its source (see the linked root cause), then make"
    " model errors fail the job instead of being logged and skipped."
)


def m004(model_id: str, why: str, lines: int = 1) -> Hit:
    return Hit(
        subject=model_id,
        summary=f"{lines} request(s) failed with 404 not_found_error for {model_id}. {why}",
        evidence=tuple(log_item(f"logs.json#{i}", model_id) for i in range(min(lines, 5))),
        fix=M004_FIX,
        confidence=0.9,
    )


def failing(model_id: str, lines: int = 1) -> list[Record]:
    return [r for i in range(lines) for r in logged(f"logs.json#{i}", err404(model_id))]


def test_m004_a_retired_model() -> None:
    haiku = "claude-3-haiku-20240307"
    assert run(models.model_not_found, failing(haiku)) == [
        m004(haiku, f"{haiku} was retired on 2026-04-20.")
    ]


def test_m004_a_current_model_points_at_the_key_and_platform() -> None:
    why = (
        " is a current model: check that the API key's workspace can use it and that the"
        " platform (Claude API, Bedrock, Vertex AI) offers it under this ID."
    )
    assert run(models.model_not_found, failing("claude-sonnet-4-6")) == [
        m004("claude-sonnet-4-6", "claude-sonnet-4-6" + why)
    ]
    # a deprecated model still works until its retirement day, which is retired
    day = datetime(2026, 11, 30, tzinfo=UTC)
    before = run(
        models.model_not_found, failing("claude-sonnet-4-5"), as_of=day - timedelta(seconds=1)
    )
    assert before == [m004("claude-sonnet-4-5", "claude-sonnet-4-5" + why)]
    on_the_day = run(models.model_not_found, failing("claude-sonnet-4-5"), as_of=day)
    assert on_the_day == [m004("claude-sonnet-4-5", "claude-sonnet-4-5 was retired on 2026-11-30.")]


def test_m004_an_invented_and_a_foreign_id() -> None:
    assert run(models.model_not_found, failing(INVENTED)) == [
        m004(INVENTED, f"{INVENTED} is not a model Anthropic released.")
    ]
    assert run(models.model_not_found, failing("gpt-4o")) == [
        m004("gpt-4o", "gpt-4o does not look like an Anthropic model ID.")
    ]


def test_m004_counts_every_404_and_quotes_five() -> None:
    assert run(models.model_not_found, failing("claude-sonnet-4-6", 6))[0].evidence == tuple(
        log_item(f"logs.json#{i}", "claude-sonnet-4-6") for i in range(5)
    )
    (hit,) = run(models.model_not_found, failing("claude-sonnet-4-6", 6))
    assert hit.summary.startswith(
        "6 request(s) failed with 404 not_found_error for claude-sonnet-4-6."
    )


def test_m004_one_finding_per_model_sorted() -> None:
    records = failing("claude-sonnet-4-6") + logged("logs.json#9", err404(INVENTED))
    assert [h.subject for h in run(models.model_not_found, records)] == [
        INVENTED,
        "claude-sonnet-4-6",
    ]


def test_m004_nothing_without_404s() -> None:
    assert run(models.model_not_found, use("app/llm.py:12", SONNET35)) == []


# The log readings M004 rests on: the API's 404 as each log carries it, and the 404s that
# are not model errors.


def read_logs(tmp_path: Any, name: str, text: str) -> Evidence:
    """The exports source reading one file, and the model refs derived from its lines."""
    import os

    from opsdoc.derive import derive
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.exports import ExportsSource

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ctx = SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=60)
    cwd = os.getcwd()
    result = ExportsSource([str(path)]).collect(ctx)
    assert os.getcwd() == cwd
    ev = Evidence(as_of=AS_OF)
    ev.add(result.records)
    ev.add(derive(ev))
    return ev


def test_m004_reads_the_404_in_a_gcloud_json_export(tmp_path: Any) -> None:
    import json

    body = (
        "{'type': 'error', 'error': {'type': 'not_found_error', 'message':"
        " 'model: claude-3-haiku-20240307'}, 'request_id': 'req_011'}"
    )
    entries = [
        {
            "insertId": "a",
            "textPayload": 'Traceback (most recent call last):\n  File "/app/ai.py", line 9,'
            f" in run\nanthropic.NotFoundError: Error code: 404 - {body}",
            "logName": "projects/p/logs/run.googleapis.com%2Fstderr",
            "resource": {"labels": {"service_name": "api"}, "type": "cloud_run_revision"},
            "severity": "ERROR",
            "timestamp": "2026-11-23T05:00:00Z",
        },
        {
            "insertId": "b",
            "jsonPayload": {
                "message": 'summary failed: Error code: 404 - {"type":"error","error":'
                '{"type":"not_found_error","message":"model: claude-3-haiku-20240307"}}',
                "job": "7",
            },
            "logName": "projects/p/logs/run.googleapis.com%2Fstdout",
            "resource": {"labels": {"service_name": "api"}, "type": "cloud_run_revision"},
            "severity": "ERROR",
            "timestamp": "2026-11-23T05:00:01Z",
        },
        {
            "insertId": "c",
            "jsonPayload": {"message": "scene 4 done", "model": "claude-sonnet-4-6"},
            "logName": "projects/p/logs/run.googleapis.com%2Fstdout",
            "resource": {"labels": {"service_name": "api"}, "type": "cloud_run_revision"},
            "severity": "INFO",
            "timestamp": "2026-11-23T05:00:02Z",
        },
    ]
    ev = read_logs(tmp_path, "logs.json", json.dumps(entries))
    refs = [(r.ref.location.rpartition("#")[2], r.model_id) for r in ev.of(ModelRef)]
    assert refs == [("0", "claude-3-haiku-20240307"), ("1", "claude-3-haiku-20240307")]
    (hit,) = models.model_not_found.__opsdoc_check__.func(ev)  # type: ignore[attr-defined]
    assert hit.summary.startswith(
        "2 request(s) failed with 404 not_found_error for claude-3-haiku-20240307."
    )


def test_m004_reads_a_plain_text_traceback(tmp_path: Any) -> None:
    text = (
        "2026-11-23 05:00:00,120 ERROR worker: job 7 failed\n"
        "Traceback (most recent call last):\n"
        '  File "/app/ai.py", line 9, in run\n'
        f"{err404('claude-3-5-sonnet-latest')}\n"
        "2026-11-23 05:00:01,000 INFO worker: model: claude-sonnet-4-6 ready\n"
    )
    ev = read_logs(tmp_path, "worker.log", text)
    assert [r.model_id for r in ev.of(ModelRef)] == ["claude-3-5-sonnet-latest"]
    (hit,) = models.model_not_found.__opsdoc_check__.func(ev)  # type: ignore[attr-defined]
    assert hit.subject == "claude-3-5-sonnet-latest"


@pytest.mark.parametrize(
    "line",
    [
        "job 12 done, model: claude-sonnet-4-6; GET /static/logo.png 404",
        "model: claude-sonnet-4-6 loaded; cache lookup: key not found",
        "summarising with model: claude-sonnet-4-6 (404 scenes left)",
        "HTTP 404 for https://storage.googleapis.com/b/o; model: claude-haiku-4-5",
        '127.0.0.1 - "GET /v1/models/claude-3-haiku-20240307 HTTP/1.1" 404 -',
    ],
)
def test_m004_other_404s_on_a_line_naming_a_model_are_not_model_errors(line: str) -> None:
    assert model_refs_in_log(line, Ref("exports", "logs.json#0")) == []
    assert run(models.model_not_found, logged("logs.json#0", line)) == []


@pytest.mark.parametrize(
    "line",
    [
        err404("claude-3-haiku-20240307"),
        '{"type":"error","error":{"type":"not_found_error","message":"model: claude-3-haiku-20240307"}}',
        '{\\"type\\":\\"not_found_error\\",\\"message\\":\\"model: claude-3-haiku-20240307\\"}',
        'HTTP 404: {"message": "model: claude-3-haiku-20240307"}',
        'HTTP 404: {\\"message\\": \\"model: claude-3-haiku-20240307\\"}',
        "NotFoundError: 404 model: claude-3-haiku-20240307",
    ],
)
def test_m004_the_apis_404_in_each_form(line: str) -> None:
    refs = model_refs_in_log(line, Ref("exports", "logs.json#0"))
    assert [(r.model_id, r.context) for r in refs] == [("claude-3-haiku-20240307", "log")]


# M005: one ID hard-coded in many production places ------------------------------------


def hard_coded(
    paths: list[str], model_id: str = "claude-sonnet-4-6", context: str = "code"
) -> list[Record]:
    return [
        r
        for n, p in enumerate(paths, 1)
        for r in use(f"{p}:{n}", model_id, CALL.format(model_id), context)
    ]


def m005(
    paths: list[str], model_id: str = "claude-sonnet-4-6", value: str = "claude-sonnet-4-6"
) -> Hit:
    files = sorted(set(paths))
    shown = ", ".join(files[:5]) + (", …" if len(files) > 5 else "")
    return Hit(
        subject=model_id,
        summary=f"Model {model_id} is hard-coded in {len(paths)} places across {len(files)}"
        f" file(s) ({shown}).",
        evidence=tuple(
            code(f"{p}:{n}", CALL.format(model_id).strip()) for n, p in enumerate(paths[:10], 1)
        ),
        fix=Fix(
            text="Define the model once, e.g. in your settings module:"
            f' ANTHROPIC_MODEL = os.environ.get("ANTHROPIC_MODEL", "{value}"),'
            " and use that name at every call site."
        ),
        confidence=0.9,
    )


PROD = ["app/a.py", "app/b.py", "app/b.py"]


def test_m005_three_production_sites_are_a_warning() -> None:
    assert run(models.hardcoded_model, hard_coded(PROD)) == [m005(PROD)]


def test_m005_two_are_not() -> None:
    assert run(models.hardcoded_model, hard_coded(PROD[:2])) == []


def test_m005_the_threshold_is_a_setting_and_a_malformed_one_is_three() -> None:
    assert run(models.hardcoded_model, hard_coded(PROD[:2]), model_hardcoded_min_sites=2) == [
        m005(PROD[:2])
    ]
    assert run(models.hardcoded_model, hard_coded(PROD), model_hardcoded_min_sites=4) == []
    for bad in ("many", None):
        assert (
            len(run(models.hardcoded_model, hard_coded(PROD), model_hardcoded_min_sites=bad)) == 1
        )
        assert (
            run(models.hardcoded_model, hard_coded(PROD[:2]), model_hardcoded_min_sites=bad) == []
        )


@pytest.mark.parametrize(
    "path",
    [
        "tests/x.py",
        "test/x.py",
        "app/testing/x.py",
        "docs/x.py",
        "doc/x.py",
        "examples/x.py",
        "example/x.py",
        "cookbook/02_agents/x.py",
        "samples/x.py",
        "demo/x.py",
        "tutorials/x.py",
        "scripts/x.py",
        "script/x.py",
        "benchmarks/x.py",
        "benchmark/x.py",
        "fixtures/x.py",
        "fixture/x.py",
        "app/test_x.py",
        "test_x.py",
        "app/x_test.py",
        "app/conftest.py",
    ],
)
def test_m005_tests_docs_and_scripts_do_not_count(path: str) -> None:
    assert run(models.hardcoded_model, hard_coded([*PROD[:2], path])) == []


@pytest.mark.parametrize(
    "path",
    [
        "app/latest.py",
        "app/contest.py",
        "app/testimonials.py",
        "app/test_x/models.py",
        "mytests/x.py",
        "app/x_test_data.py",
        "app/test_x.pyi",
        "app/exampleshop.py",
        "app/cookbook.py",
        "app/demographics/x.py",
    ],
)
def test_m005_production_paths_that_look_like_tests_count(path: str) -> None:
    assert run(models.hardcoded_model, hard_coded([*PROD[:2], path])) == [m005([*PROD[:2], path])]


def test_m005_config_and_mentions_do_not_count() -> None:
    config = use("deploy/svc.yaml:3", "claude-sonnet-4-6", context="config")
    table = mention("app/prices.py:9", "claude-sonnet-4-6")
    assert run(models.hardcoded_model, hard_coded(PROD[:2]), config, table) == []


def test_m005_a_site_seen_twice_counts_once() -> None:
    records = hard_coded(PROD[:2])
    assert run(models.hardcoded_model, records, records[:1]) == []


def test_m005_alias_and_snapshot_are_one_model() -> None:
    records = hard_coded(["app/a.py"], "claude-haiku-4-5") + hard_coded(
        ["app/b.py", "app/b.py"], "claude-haiku-4-5-20251001"
    )
    (hit,) = run(models.hardcoded_model, records)
    assert hit.subject == "claude-haiku-4-5-20251001"
    assert hit.summary == (
        "Model claude-haiku-4-5-20251001 is hard-coded in 3 places across 2 file(s)"
        " (app/a.py, app/b.py)."
    )


def test_m005_unknown_ids_group_by_their_written_form() -> None:
    records = hard_coded(["app/a.py"], "claude-opus-9") + hard_coded(
        ["app/b.py", "app/c.py"], "Claude-Opus-9"
    )
    (hit,) = run(models.hardcoded_model, records)
    assert hit.subject == "claude-opus-9"
    assert 'os.environ.get("ANTHROPIC_MODEL", "claude-opus-9")' in hit.fix.text


def test_m005_a_retired_or_deprecated_id_defaults_the_setting_to_its_successor() -> None:
    assert run(models.hardcoded_model, hard_coded(PROD, SONNET35)) == [
        m005(PROD, SONNET35, "claude-sonnet-4-6")
    ]
    assert run(models.hardcoded_model, hard_coded(PROD, "claude-sonnet-4-5-20250929")) == [
        m005(PROD, "claude-sonnet-4-5-20250929", "claude-sonnet-5-5")
    ]
    # without a successor the setting keeps the ID; a legacy model keeps it too
    assert run(models.hardcoded_model, hard_coded(PROD, "claude-mythos-preview")) == [
        m005(PROD, "claude-mythos-preview", "claude-mythos-preview")
    ]
    assert run(models.hardcoded_model, hard_coded(PROD, "claude-opus-4-5-20251101")) == [
        m005(PROD, "claude-opus-4-5-20251101", "claude-opus-4-5-20251101")
    ]


def test_m005_names_five_files_then_an_ellipsis_and_quotes_ten_sites() -> None:
    five = [f"app/m{i}.py" for i in range(5)]
    assert run(models.hardcoded_model, hard_coded(five)) == [m005(five)]
    twelve = [f"app/m{i:02}.py" for i in range(12)]
    (hit,) = run(models.hardcoded_model, hard_coded(twelve))
    assert hit == m005(twelve)
    assert hit.summary.endswith("(app/m00.py, app/m01.py, app/m02.py, app/m03.py, app/m04.py, …).")
    assert len(hit.evidence) == 10


def test_m005_one_finding_per_model_sorted() -> None:
    records = hard_coded(PROD, "claude-sonnet-4-6") + hard_coded(PROD, "claude-opus-4-8")
    assert [h.subject for h in run(models.hardcoded_model, records)] == [
        "claude-opus-4-8",
        "claude-sonnet-4-6",
    ]


# X003: an old catalogue ---------------------------------------------------------------


def test_x003_a_catalogue_older_than_120_days_says_so() -> None:
    checked = date(2026, 11, 1)
    last_fresh = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)  # 120 days on
    assert (last_fresh.date() - checked).days == 120
    site = use("app/llm.py:1", "claude-sonnet-4-6")
    assert run(models.stale_catalogue, site, as_of=last_fresh) == []
    stale = last_fresh + timedelta(days=1)
    assert run(models.stale_catalogue, site, as_of=stale) == [
        Hit(
            subject="model catalogue (controls.json)",
            summary="The model catalogue was checked on 2026-11-01, 121 days before 2027-03-02:"
            ' models released or retired since are unknown to it, so "unknown to the'
            ' catalogue" may only mean "newer than the catalogue".',
            evidence=(EvidenceItem("models", "controls.json", "checked_on 2026-11-01"),),
            fix=Fix(
                text="Upgrade opsdoc or pass a newer catalogue with --models-catalog FILE"
                " (see `opsdoc models --schema`)."
            ),
            confidence=1.0,
        )
    ]


# What a finding quotes and changes ----------------------------------------------------


def test_only_model_id_sites_supply_the_quoted_line() -> None:
    other = CodeSite(
        ref=Ref("code", "app/llm.py:12"),
        kind="blocking-wait",
        path="app/llm.py",
        line=12,
        snippet="time.sleep(5)",
        attrs=(("text", f"time.sleep(5)  # {SONNET35}"),),
    )
    (hit,) = run(models.retired_model, use("app/llm.py:12", SONNET35), [other])
    assert hit.evidence == (code("app/llm.py:12", f"model ID {SONNET35} (code)"),)
    assert hit.fix.diff == ""
    empty = CodeSite(
        ref=Ref("code", "app/llm.py:12"),
        kind=MODEL_SITE,
        path="app/llm.py",
        line=12,
        attrs=(("model_id", SONNET35), ("text", "")),
    )
    (hit,) = run(models.retired_model, use("app/llm.py:12", SONNET35), [empty])
    assert hit.evidence == (code("app/llm.py:12", f"model ID {SONNET35} (code)"),)


def test_no_diff_without_a_safe_replacement() -> None:
    model_id = "claude-sonnet-4-5@20250929"
    line = f'MODEL = "{model_id}"'
    (hit,) = run(models.deprecated_model, use("agent.py:8", model_id, line))
    assert hit.evidence == (code("agent.py:8", line),)
    assert hit.fix.diff == ""


def test_no_diff_when_the_id_is_only_part_of_a_longer_token() -> None:
    line = f'EVAL_SET = "{SONNET35}-eval"'
    (hit,) = run(models.retired_model, use("app/llm.py:12", SONNET35, line))
    assert hit.evidence == (code("app/llm.py:12", line),)
    assert hit.fix.diff == ""


def test_logged_404s_of_every_spelling_are_quoted_in_a_stable_order() -> None:
    records = (
        use("app/llm.py:12", SONNET35, CALL.format(SONNET35))
        + logged("logs.json#1", err404("claude-3-5-sonnet-latest"))
        + logged("logs.json#2", err404(SONNET35))
    )
    (hit,) = run(models.retired_model, records)
    assert hit.evidence[1:] == (
        log_item("logs.json#2", SONNET35),
        log_item("logs.json#1", "claude-3-5-sonnet-latest"),
    )
    assert "The logs show 2 such failure(s)." in hit.summary


# M001 collapsed: the successor when the verdict names none, logs of every ID, odd paths ---


def test_m001_collapsed_partner_ids_without_a_partner_successor_name_the_catalogues() -> None:
    # 3.5 Sonnet's successor has no Vertex AI ID: the fix names the Claude API's successor
    vertex = "claude-3-5-sonnet-v2@20241022"
    records = [r for n in range(1, 22) for r in use(f"gen/v.yaml:{n}", vertex, context="config")]
    (hit,) = run(models.retired_model, records)
    assert hit.fix == Fix(
        text=f"Replace {vertex} with claude-sonnet-4-6." + setting("claude-sonnet-4-6")
    )
    assert (hit.confidence, hit.severity) == (0.6, Severity.WARNING)


def test_m001_collapsed_ids_without_a_successor_move_to_a_current_model() -> None:
    (hit,) = run(models.retired_model, sites_in("gen/calls.py", 21, "claude-mythos-preview"))
    assert hit.fix.text == (
        "Replace claude-mythos-preview with a current model." + setting("a current model")
    )


def test_m001_collapsed_counts_the_logged_404s_of_every_id_under_any_spelling() -> None:
    haiku = "claude-3-haiku-20240307"
    records = (
        sites_in("gen/calls.py", 19)
        + sites_in("gen/calls.py", 3, haiku, start=20)
        + logged("logs.json#1", err404("claude-3-5-sonnet-latest"))
        + logged("logs.json#2", err404(haiku))
    )
    (hit,) = run(models.retired_model, records)
    assert hit.summary.endswith(" The logs show 2 such failure(s).")
    assert hit.evidence[-2:] == (
        log_item("logs.json#1", "claude-3-5-sonnet-latest"),
        log_item("logs.json#2", haiku),
    )


def test_m001_a_path_with_a_colon_is_cut_at_its_line_number() -> None:
    # generated code under a directory named by its time of generation
    path = "build/2026-11-23T06:00/calls.py"
    (hit,) = run(models.retired_model, sites_in(path, 21))
    assert hit.summary.startswith(f"21 uses of retired model IDs in {path}: {SONNET35} (21).")
    assert " also lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …." in hit.summary
    assert hit.fix.diff.startswith(
        f"--- a/{path}\n+++ b/{path}\n@@ -1 +1 @@\n-{CALL.format(SONNET35)}\n"
    )
    (hit,) = run(models.retired_model, sites_in(path, 1))
    assert hit.fix.diff == diff(path, 1, CALL.format(SONNET35), CALL.format("claude-sonnet-4-6"))


def test_m001_a_partner_ids_404s_are_found_under_its_own_spelling() -> None:
    vertex = "claude-3-5-sonnet-v2@20241022"
    site = use("app/llm.py:12", vertex, context="config")
    (hit,) = run(models.retired_model, site, logged("logs.json#4", err404(vertex)))
    assert hit.evidence[1:] == (log_item("logs.json#4", vertex),)
    assert hit.severity is Severity.CRITICAL


def successors(**changed: str) -> None:
    """Install the controls' catalogue with other successors (model ID -> successor, "" for none)."""
    models_ = [
        {**m, "successor": changed[m["id"]]} if m["id"] in changed else m
        for m in CATALOGUE["models"]
    ]
    use_catalog(Catalog.from_dict({**CATALOGUE, "models": models_}, origin="changed.json"))


def test_m001_the_successor_is_followed_past_one_deprecated_on_the_day() -> None:
    # with 3.5 Sonnet succeeded by 4.5 Sonnet (deprecated on the day, succeeded by 5.5 Sonnet,
    # which has no Vertex AI ID), a Vertex AI site is told to move to 5.5 Sonnet
    successors(**{SONNET35: "claude-sonnet-4-5"})
    vertex = "claude-3-5-sonnet-v2@20241022"
    (hit,) = run(models.retired_model, use("app/llm.py:12", vertex, context="config"))
    assert hit.fix.text.startswith("Move to claude-sonnet-5-5 (the recommended successor);")
    records = [r for n in range(1, 22) for r in use(f"gen/v.yaml:{n}", vertex, context="config")]
    (hit,) = run(models.retired_model, records)
    assert hit.fix.text.startswith(f"Replace {vertex} with claude-sonnet-5-5.")

    # the same for a Vertex AI ID only seen failing in the logs
    (hit,) = run(models.retired_model, logged("logs.json#2", err404(vertex)))
    assert "use claude-sonnet-5-5 instead." in hit.fix.text
    # and for the setting M005 proposes
    (hit,) = run(models.hardcoded_model, hard_coded(PROD, SONNET35))
    assert 'os.environ.get("ANTHROPIC_MODEL", "claude-sonnet-5-5")' in hit.fix.text


def test_m002_without_a_successor_moves_to_a_current_model() -> None:
    successors(**{"claude-sonnet-4-5-20250929": ""})
    (hit,) = run(models.deprecated_model, deprecated_site())
    assert hit.fix.text.startswith(
        "Move to a current model before 2026-11-30. Not changed automatically: the catalogue"
        " names no successor."
    )


def test_m002_a_partner_ids_successor_is_followed_past_one_deprecated_on_the_day() -> None:
    # 4.5 Sonnet succeeded by 4.1 Opus (deprecated, succeeded by 4.8 Opus, no Vertex AI ID)
    successors(**{"claude-sonnet-4-5-20250929": "claude-opus-4-1-20250805"})
    (hit,) = run(models.deprecated_model, use("agent.py:8", "claude-sonnet-4-5@20250929"))
    assert hit.fix.text.startswith("Move to claude-opus-4-8 before 2026-11-30.")


def test_m002_an_id_outside_the_window_does_not_hide_the_next_one() -> None:
    far = use("agent.py:3", "anthropic.claude-3-7-sonnet-20250219-v1:0")  # 22 days off
    (hit,) = run(models.deprecated_model, far, deprecated_site(), model_retirement_warn_days=10)
    assert hit == m002()


def test_m001_each_guard_passes_over_to_the_next_site_and_log() -> None:
    current = use("app/a.py:1", "claude-sonnet-4-6")
    retired = use("app/b.py:2", SONNET35, CALL.format(SONNET35))
    assert [h.subject for h in run(models.retired_model, current, retired)] == ["app/b.py:2"]
    # logged 404s: a current model, a retired one the code already names, then one it does not
    logs = (
        logged("logs.json#1", err404("claude-haiku-4-5"))
        + logged("logs.json#2", err404(SONNET35))
        + logged("logs.json#3", err404("claude-3-haiku-20240307"))
    )
    hits = run(models.retired_model, retired, logs)
    assert [h.subject for h in hits] == ["app/b.py:2", "claude-3-haiku-20240307"]


def test_m001_a_collapsed_file_is_reported_where_its_first_use_is() -> None:
    records = (
        sites_in("gen/calls.py", 1)
        + use("app/b.py:2", SONNET35, CALL.format(SONNET35))
        + sites_in("gen/calls.py", 20, start=2)
    )
    assert [h.subject for h in run(models.retired_model, records)] == [
        "gen/calls.py:1",
        "app/b.py:2",
    ]


def test_m003_a_logged_id_already_reported_does_not_hide_the_next_one() -> None:
    records = (
        use("app/a.py:1", "claude-3-5-sonnet-20250219")
        + logged("logs.json#1", err404("claude-3-5-sonnet-20250219"))
        + logged("logs.json#2", err404("claude-sonnet-3-9"))
    )
    hits = run(models.unknown_model, records)
    assert [h.subject for h in hits] == ["app/a.py:1", "claude-sonnet-3-9"]


def test_mentions_skipped_do_not_hide_the_next_one() -> None:
    # mentions are taken in ID order: 3.5 Sonnet's (used in code) comes first
    records = (
        mention("docs/a.md:1", SONNET35)
        + use("app/a.py:1", SONNET35)
        + mention("docs/b.md:1", "claude-3-haiku-20240307")
    )
    hits = run(models.retired_model, records)
    assert [h.subject for h in hits] == ["app/a.py:1", "claude-3-haiku-20240307"]


def test_m005_each_skipped_site_and_group_passes_over_to_the_next() -> None:
    config = use("app/settings.yaml:1", "claude-opus-4-8", context="config")
    two = hard_coded(["app/x.py", "app/y.py"], "claude-haiku-4-5")
    records = [*config, *two, *hard_coded(PROD, "claude-sonnet-4-6")]
    assert [h.subject for h in run(models.hardcoded_model, *[records])] == ["claude-sonnet-4-6"]


def test_m005_six_files_are_cut_and_a_path_with_a_colon_is_one_file() -> None:
    six = [f"app/m{i}.py" for i in range(6)]
    (hit,) = run(models.hardcoded_model, hard_coded(six))
    assert hit.summary.endswith("(app/m0.py, app/m1.py, app/m2.py, app/m3.py, app/m4.py, …).")
    dated = ["gen/2026-11-23T06:00/a.py"] * 3
    (hit,) = run(models.hardcoded_model, hard_coded(dated))
    assert hit.summary.endswith("in 3 places across 1 file(s) (gen/2026-11-23T06:00/a.py).")


def test_m001_a_partner_id_the_catalogue_spells_its_own_way_finds_its_404s() -> None:
    # a catalogue (as --models-catalog may give) listing a Bedrock ID without its date:
    # its first-party form is not the model's ID, and its 404s are still this site's
    irregular = "anthropic.claude-3-5-sonnet-v2:0"
    listed = [
        {**m, "platforms": {"bedrock": {"ids": [irregular]}}} if m["id"] == SONNET35 else m
        for m in CATALOGUE["models"]
    ]
    use_catalog(Catalog.from_dict({**CATALOGUE, "models": listed}, origin="irregular.json"))
    site = use("app/llm.py:12", irregular, context="config")
    (hit,) = run(models.retired_model, site, logged("logs.json#4", err404(irregular)))
    assert hit.evidence[1:] == (log_item("logs.json#4", irregular),)
    assert hit.severity is Severity.CRITICAL


def test_m003_an_unknown_id_in_code_is_info_until_the_api_answers_404_for_it() -> None:
    """Shape of a Slack bot set to `claude-sonnet-4-7`: unknown to the catalogue and the
    SDK, so perhaps newer (info); its 404s in the logs settle it (an error at the code
    site, the cause of the M004 the logs show)."""
    alone = use("bot/config.py:6", "claude-sonnet-4-7")
    [quiet] = run(models.unknown_model, alone)
    assert quiet.severity is Severity.INFO
    failing = alone + logged("journal.txt:89", err404("claude-sonnet-4-7"))
    [loud] = run(models.unknown_model, failing)
    assert (loud.subject, loud.severity) == ("bot/config.py:6", None)
    assert "the API answers with 404 not_found_error" in loud.summary
    assert "M004:claude-sonnet-4-7" in loud.explains
