"""Checks M001-M005 on realistic fixtures, run as the engine runs them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.checks import models as checks
from opsdoc.engine import stamp
from opsdoc.evidence import Evidence, LogRecord, Record, Ref
from opsdoc.findings import Hit, Severity
from opsdoc.models.extract import (
    model_refs_in_log,
    model_refs_in_python,
    project_model_refs,
)
from opsdoc.plugin import CheckSpec, load_registry
from opsdoc.report import resolve_links

FIXTURES = Path(__file__).parent / "fixtures" / "models"
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
ALL = ("M001", "M002", "M003", "M004", "M005")
FUNCS = {
    "M001": checks.retired_model,
    "M002": checks.deprecated_model,
    "M003": checks.unknown_model,
    "M004": checks.model_not_found,
    "M005": checks.hardcoded_model,
}


def spec(code: str) -> CheckSpec:
    return FUNCS[code].__opsdoc_check__  # type: ignore[attr-defined,no-any-return]


def records_for(name: str) -> list[Record]:
    """What the code and exports sources would collect from one fixture directory."""
    root = FIXTURES / name
    out: list[Record] = []
    project: list[tuple[str, str]] = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = file.relative_to(root).as_posix()
        text = file.read_text()
        if file.suffix != ".log":
            project.append((rel, text))
        else:
            for i, line in enumerate(text.splitlines()):
                ref = Ref("exports", f"{rel}#{i}")
                out.append(LogRecord(ref, None, "ERROR" if "404" in line else "INFO", line))
                out += model_refs_in_log(line, ref)
    return out + project_model_refs(project)


def run(code: str, *names: str, as_of: datetime = NOW, **settings: object) -> list[Hit]:
    ev = Evidence(as_of=as_of, settings=dict(settings))
    for name in names:
        ev.add(records_for(name))
    return list(spec(code).func(ev))


def subjects(hits: list[Hit]) -> dict[str, Severity | None]:
    return {h.subject: h.severity for h in hits}


def test_checks_are_registered_through_the_entry_point() -> None:
    registry = load_registry()
    for code in ALL:
        assert code in registry.specs, code
        assert registry.specs[code].module == "opsdoc.checks.models"
    assert spec("M001").root_cause and spec("M003").root_cause
    assert not spec("M004").root_cause
    assert spec("M002").severity is Severity.WARNING


@pytest.mark.parametrize("code", ALL)
def test_healthy_project_yields_nothing(code: str) -> None:
    assert run(code, "healthy") == []


# M001 -------------------------------------------------------------------------------


def test_m001_retired_ids_in_code_and_config() -> None:
    hits = run("M001", "retired_worker")
    assert subjects(hits) == {
        "app/summarise.py:11": None,
        "app/summarise.py:15": None,
        "worker.yaml:5": None,
        # ANTHROPIC_MODEL in .env.production is read by no code: a mention, at info
        "claude-3-7-sonnet-20250219": Severity.INFO,
    }
    by_subject = {h.subject: h for h in hits}
    alias = by_subject["app/summarise.py:11"]
    assert "alias of claude-3-5-sonnet-20241022" in alias.summary
    assert "claude-sonnet-4-6" in alias.fix.text
    assert alias.fix.diff == (
        "--- a/app/summarise.py\n+++ b/app/summarise.py\n@@ -11 +11 @@\n"
        '-    "short": {"model": "claude-3-5-sonnet-latest", "max_tokens": 300},\n'
        '+    "short": {"model": "claude-sonnet-4-6", "max_tokens": 300},\n'
    )
    opus = by_subject["worker.yaml:5"]
    assert "claude-opus-4-8" in opus.fix.text  # the deprecations table's successor
    assert '+    model: "claude-opus-4-8"   # best quality' in opus.fix.diff  # what fix writes
    assert "E003:*" not in opus.explains  # no 404 of it was seen: it explains no silent failure


def test_m001_critical_when_logs_show_the_404() -> None:
    hits = run("M001", "retired_worker", "logs")
    by_subject = {h.subject: h for h in hits}
    haiku = by_subject["app/summarise.py:15"]
    assert haiku.severity is Severity.CRITICAL
    assert "2 such failure" in haiku.summary
    assert [e.ref for e in haiku.evidence] == [
        "app/summarise.py:15",
        "rq_worker.log#1",
        "rq_worker.log#2",
    ]
    assert "not_found_error" in haiku.evidence[1].quote
    assert "M004:claude-3-haiku-20240307" in haiku.explains
    assert haiku.fix.diff.endswith(
        '+def summarise(text: str, model: str = "claude-haiku-4-5") -> str:\n'
    )
    # claude-3-5-haiku-20241022 is only in the logs: a log-only finding named by the model.
    log_only = by_subject["claude-3-5-haiku-20241022"]
    assert log_only.severity is Severity.CRITICAL
    assert "claude-haiku-4-5" in log_only.fix.text
    # claude-sonnet-4-6 404s too, but it is a current model: not M001.
    assert "claude-sonnet-4-6" not in by_subject


def test_m001_bedrock_and_vertex_forms() -> None:
    hits = run("M001", "platforms")
    # MODEL_ARN is never passed to a call: a mention, at info.
    arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"
    assert subjects(hits) == {
        "bedrock.py:9": Severity.WARNING,
        "vertex.yaml:4": Severity.WARNING,
        arn: Severity.INFO,
    }
    for hit in hits:
        if hit.severity is Severity.INFO:
            continue
        if hit.subject == "vertex.yaml:4":  # the successor's Vertex ID is in the catalogue
            assert "+  model: claude-haiku-4-5@20251001" in hit.fix.diff
        else:  # a cross-region Bedrock ID: no blind rewrite
            assert hit.fix.diff == ""
        assert "sets its own retirement schedule" in hit.fix.text
        assert "not published in opsdoc's catalogue" in hit.summary
        assert hit.confidence < 0.9
    vertex = next(h for h in hits if h.subject == "vertex.yaml:4")
    assert "Google Cloud Vertex AI" in vertex.fix.text and "claude-haiku-4-5" in vertex.fix.text


def test_m001_explains_m004_and_silent_failures_once_linked() -> None:
    ev = Evidence(as_of=NOW)
    ev.add(records_for("retired_worker") + records_for("logs"))
    findings = [stamp(spec(c), h) for c in ("M001", "M004") for h in spec(c).func(ev)]
    linked = {f.id: f for f in resolve_links(findings)}
    root = linked["M001:app/summarise.py:15"]
    assert root.root_cause
    assert root.explains == ("M004:claude-3-haiku-20240307",)
    assert linked["M004:claude-3-haiku-20240307"].severity is Severity.ERROR


# M002 -------------------------------------------------------------------------------


def test_m002_deprecated_ids_retiring_soon() -> None:
    hits = run("M002", "deprecated_sonnet")
    # The Dockerfile's ANTHROPIC_MODEL is read by no code: named, not used (info).
    assert subjects(hits) == {"agent.py:8": None, "claude-sonnet-4-5": Severity.INFO}
    code = next(h for h in hits if h.subject == "agent.py:8")
    assert "2026-11-30" in code.summary and "7 day(s)" in code.summary
    assert "claude-sonnet-5-5" in code.fix.text
    assert '+        model="claude-sonnet-5-5",' in code.fix.diff


def test_malformed_thresholds_fall_back_to_defaults() -> None:
    assert len(run("M002", "deprecated_sonnet", model_retirement_warn_days="soon")) == 2
    assert len(run("M005", "hardcoded", model_hardcoded_min_sites=None)) == 2


def test_evidence_quotes_the_source_line() -> None:
    hit = next(h for h in run("M001", "retired_worker") if h.subject == "app/summarise.py:15")
    assert hit.evidence[0].quote == (
        'def summarise(text: str, model: str = "claude-3-haiku-20240307") -> str:'
    )


def test_m002_respects_the_warning_window() -> None:
    early = datetime(2026, 9, 1, tzinfo=UTC)
    assert run("M002", "deprecated_sonnet", as_of=early) == []
    # Its deprecation date is not published: before the day it was seen deprecated, it is
    # active (never "deprecated" on a guessed day).
    assert run("M002", "deprecated_sonnet", as_of=early, model_retirement_warn_days=200) == []
    late = datetime(2026, 11, 24, tzinfo=UTC)
    assert len(run("M002", "deprecated_sonnet", as_of=late)) == 2


def test_retirement_date_flips_m002_to_m001() -> None:
    before = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    after = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
    assert len(run("M002", "deprecated_sonnet", as_of=before)) == 2  # one use, one mention
    assert run("M001", "deprecated_sonnet", as_of=before) == []
    assert run("M002", "deprecated_sonnet", as_of=after) == []
    assert subjects(run("M001", "deprecated_sonnet", as_of=after)) == {
        "agent.py:8": None,
        "claude-sonnet-4-5": Severity.INFO,  # Dockerfile ENV that no code reads
    }


def test_post_mortem_as_of_sees_the_world_as_it_was() -> None:
    # In mid-2025 the 3.x IDs of the retired_worker fixture all still worked.
    assert run("M001", "retired_worker", as_of=datetime(2025, 6, 1, tzinfo=UTC)) == []


# M003 -------------------------------------------------------------------------------


def test_m003_invented_ids_name_the_nearest_real_one() -> None:
    hits = run("M003", "invented_ids")
    assert subjects(hits) == {
        "llm.py:3": None,
        "settings.toml:3": None,
        "claude-3-5-haiku-20250219": Severity.INFO,  # FAST_MODEL reaches no call
    }
    by_subject = {h.subject: h for h in hits}
    sonnet = by_subject["llm.py:3"]
    assert "claude-3-5-sonnet-20241022" in sonnet.summary and "claude-sonnet-4-6" in sonnet.summary
    assert sonnet.fix.diff.endswith(
        '+DEFAULT_MODEL = "claude-sonnet-4-6"  # "current" model, per an AI-written report\n'
    )
    typo = by_subject["settings.toml:3"]
    assert "nearest real ID is claude-sonnet-4-6 (active)" in typo.summary
    assert "E003:*" not in typo.explains  # no 404 of it was seen


def test_m003_seed_001_recommended_replacements() -> None:
    """Seed 001's report told people to switch to IDs that never existed."""
    config = (
        "class Settings:\n"
        '    CLAUDE_SONNET_MODEL: str = "claude-3-5-sonnet-20250219"\n'
        '    CLAUDE_HAIKU_MODEL: str = "claude-3-5-haiku-20250219"\n'
        '    CLAUDE_OPUS_MODEL: str = "claude-3-opus-20240229"\n'
    )
    service = (
        "from app.core.config import settings\n"
        "def run(client, prompt, deep=False, cheap=False):\n"
        "    model = settings.CLAUDE_OPUS_MODEL if deep else settings.CLAUDE_SONNET_MODEL\n"
        "    if cheap:\n"
        "        model = settings.CLAUDE_HAIKU_MODEL\n"
        "    return client.messages.create(model=model, max_tokens=100, messages=prompt)\n"
    )
    ev = Evidence(as_of=datetime(2025, 12, 2, 18, 35, tzinfo=UTC))
    ev.add(project_model_refs([("app/core/config.py", config), ("app/ai.py", service)]))
    hits = list(spec("M003").func(ev))
    assert subjects(hits) == {"app/core/config.py:2": None, "app/core/config.py:3": None}
    assert "claude-3-5-haiku-20241022" in hits[1].summary
    # The Opus ID is real; on that day it was deprecated, not invented.
    assert [h.subject for h in spec("M002").func(ev)] == ["app/core/config.py:4"]


def test_m003_log_only_and_newer_than_catalogue() -> None:
    ev = Evidence(as_of=NOW)
    ev.add(
        model_refs_in_log(
            "Error code: 404 - {'type': 'error', 'error': {'type': 'not_found_error',"
            " 'message': 'model: claude-3-5-sonnet-20250219'}}",
            Ref("exports", "logs.json#7"),
        )
    )
    ev.add(model_refs_in_python('c.messages.create(model="claude-opus-9")\n', "future.py"))
    hits = {h.subject: h for h in spec("M003").func(ev)}
    assert hits["claude-3-5-sonnet-20250219"].severity is None  # default: error
    assert hits["claude-3-5-sonnet-20250219"].confidence >= 0.9
    future = hits["future.py:1"]
    assert future.severity is Severity.INFO and future.confidence < 0.5
    assert "unknown to the catalogue" in future.summary and not future.fix.diff


# M004 -------------------------------------------------------------------------------


def test_m004_one_finding_per_model_in_logs() -> None:
    hits = run("M004", "logs")
    assert subjects(hits) == {
        "claude-3-haiku-20240307": None,
        "claude-3-5-haiku-20241022": None,
        "claude-sonnet-4-6": None,
    }
    by_subject = {h.subject: h for h in hits}
    assert by_subject["claude-3-haiku-20240307"].summary.startswith("2 request(s) failed")
    assert "retired on 2026-04-20" in by_subject["claude-3-haiku-20240307"].summary
    assert "workspace" in by_subject["claude-sonnet-4-6"].summary
    assert by_subject["claude-3-5-haiku-20241022"].evidence[0].ref == "cloud_run_stderr.log#0"


def test_m004_non_anthropic_ids_are_reported_but_not_m003() -> None:
    ev = Evidence(as_of=NOW)
    ev.add(model_refs_in_log("404 not_found_error model: gpt-4o", Ref("exports", "a#1")))
    assert [h.subject for h in spec("M004").func(ev)] == ["gpt-4o"]
    assert list(spec("M003").func(ev)) == []


# M005 -------------------------------------------------------------------------------


def test_m005_same_id_hard_coded_in_many_places() -> None:
    hits = run("M005", "hardcoded")
    assert subjects(hits) == {"claude-3-5-haiku-20241022": None, "claude-haiku-4-5-20251001": None}
    by_subject = {h.subject: h for h in hits}
    retired = by_subject["claude-3-5-haiku-20241022"]
    # router.pick's three returns reach model=; context.py's unused LEGACY does not count
    assert "3 places across 1 file(s)" in retired.summary
    assert '"claude-haiku-4-5"' in retired.fix.text  # the setting's default is the successor
    current = by_subject["claude-haiku-4-5-20251001"]  # alias and snapshot count as one model
    assert "3 places" in current.summary


def test_m005_threshold_is_a_setting_and_config_does_not_count() -> None:
    assert run("M005", "hardcoded", model_hardcoded_min_sites=5) == []
    assert len(run("M005", "hardcoded", model_hardcoded_min_sites=2)) == 2
    assert run("M005", "hardcoded", model_hardcoded_min_sites=4) == []
    assert run("M005", "retired_worker", model_hardcoded_min_sites=2) == []


def test_m005_constants_of_different_roles_are_settings_and_copies_of_one_are_not() -> None:
    """bugbug's agents: ``ANALYSIS_MODEL`` and ``FIX_MODEL`` in one config and a judge's
    ``VERIFY_MODEL`` hold the same ID for three roles, each a setting already. The same
    ``MODEL`` constant copied into three modules is the copy M005 is for."""
    from opsdoc.evidence import Evidence
    from opsdoc.models.extract import project_model_refs

    def hits(files: list[tuple[str, str]]) -> list[Hit]:
        ev = Evidence(as_of=NOW)
        ev.add(project_model_refs(files))
        return list(spec("M005").func(ev))

    call = "\n\ndef ask(client, p):\n    return client.messages.create(model={}, messages=p)\n"
    roles = [
        ("agent/config.py", 'ANALYSIS_MODEL = "claude-opus-4-8"\nFIX_MODEL = "claude-opus-4-8"\n'
         + call.format("ANALYSIS_MODEL") + call.replace("ask", "fix").format("FIX_MODEL")),
        ("evals/verify.py", 'VERIFY_MODEL = "claude-opus-4-8"' + call.format("VERIFY_MODEL")),
    ]  # fmt: skip
    assert hits(roles) == []
    copies = [
        (f"app/{name}.py", 'MODEL = "claude-opus-4-8"' + call.format("MODEL"))
        for name in ("answer", "classify", "route")
    ]
    assert [h.subject for h in hits(copies)] == ["claude-opus-4-8"]


def test_live_model_list_is_evidence_not_a_use_and_overrides_an_old_catalogue() -> None:
    """IDs the Models API lists are not code sites; an ID it lists is not 'invented'."""
    from datetime import UTC, datetime

    from opsdoc.checks import models as m
    from opsdoc.evidence import Evidence, ModelRef, Ref

    ev = Evidence(as_of=datetime(2026, 11, 23, tzinfo=UTC))
    api = Ref("anthropic-models", "https://api.anthropic.com/v1/models")
    ev.add(
        [
            ModelRef(
                api, "claude-sonnet-4-5-20250929", "api-available"
            ),  # deprecated, still served
            ModelRef(api, "claude-opus-9", "api-available"),  # newer than the bundled catalogue
            ModelRef(Ref("code", "app.py:3"), "claude-opus-9", "code"),
            ModelRef(Ref("code", "app.py:4"), "claude-sonet-4-6", "code"),
        ]
    )
    hits = []
    for fn in (m.retired_model, m.deprecated_model, m.unknown_model, m.hardcoded_model):
        hits += [(fn.__opsdoc_check__.code, h.subject) for h in fn.__opsdoc_check__.func(ev)]
    assert hits == [("M003", "app.py:4")]


def test_m005_does_not_count_a_test_module_beside_the_code() -> None:
    """``app/test_cache.py`` is a test even outside ``tests/`` (compiler-explorer/explain)."""
    refs = [r for r in records_for("M005_test_module") if r.__class__.__name__ == "ModelRef"]
    assert len(refs) >= 3  # the uses are found; they are just not production sites
    assert run("M005", "M005_test_module") == []
