"""Anthropic model checks (M codes): retired, deprecated and invented model IDs.

A retired model ID is the quietest outage there is: the code is unchanged, every
call 404s, and a worker that logs and carries on reports its jobs as successful
(seed 001). These checks compare every model ID found in code, config and logs
with the bundled, dated catalogue, on the run's reference day (`Evidence.as_of`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from opsdoc.evidence import CodeSite, Evidence, LogRecord, ModelRef
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.models.catalog import (
    DEPRECATED,
    RETIRED,
    Catalog,
    ModelInfo,
    load_catalog,
    normalise,
    platform_of,
)
from opsdoc.models.extract import MODEL_SITE
from opsdoc.registry import check

MAX_QUOTES = 5
LIVE_CONTEXT = "api-available"
"""Context of the IDs the Models API listed (see ``opsdoc.sources.anthropic_models``)."""
PARTNER_NOTE = (
    " {platform} sets its own retirement schedule, so check its model table for the exact"
    " date and for the {platform} ID of the replacement."
)
PLATFORM_NAMES = {"bedrock": "Amazon Bedrock", "vertex": "Google Cloud Vertex AI"}


@dataclass
class _View:
    """The model evidence of one run, sorted the ways every M check needs it."""

    ev: Evidence
    catalog: Catalog
    sites: list[ModelRef]
    """Refs from code and config (context other than ``log``)."""
    logs: dict[str, list[ModelRef]]
    """404 refs from logs, by normalised model ID."""
    lines: dict[str, str]
    """``path:line`` -> the full source line, when the source supplied it."""
    messages: dict[str, str]
    """Log ref location -> log message, when log records are present."""
    live: frozenset[str] = frozenset()
    """IDs the Anthropic Models API listed in this run (empty when it was not asked)."""

    @property
    def day(self) -> date:
        return self.ev.as_of.date()

    def log_refs_for(self, model_id: str, info: ModelInfo | None) -> list[ModelRef]:
        keys = {normalise(model_id)}
        if info is not None:
            keys |= {info.id, *info.aliases}
        return [r for k in sorted(keys) for r in self.logs.get(k, ())]

    def log_quotes(self, refs: list[ModelRef]) -> list[EvidenceItem]:
        out = []
        for ref in refs[:MAX_QUOTES]:
            text = self.messages.get(ref.ref.location) or f"not_found_error: model: {ref.model_id}"
            out.append(quote(ref.ref.source, ref.ref.location, text))
        return out


def _view(ev: Evidence) -> _View:
    catalog = load_catalog()
    sites: list[ModelRef] = []
    logs: dict[str, list[ModelRef]] = defaultdict(list)
    live: set[str] = set()
    for ref in ev.of(ModelRef):
        if ref.context == "log":
            logs[normalise(ref.model_id)].append(ref)
        elif ref.context == LIVE_CONTEXT:
            live.add(normalise(ref.model_id))  # what exists now: evidence, not a use
        else:
            sites.append(ref)
    lines = {
        s.where: s.attr("text") for s in ev.of(CodeSite) if s.kind == MODEL_SITE and s.attr("text")
    }
    messages = {r.ref.location: r.message for r in ev.of(LogRecord)} if logs else {}
    return _View(ev, catalog, sites, dict(logs), lines, messages, frozenset(live))


def _unique_sites(view: _View) -> Iterator[ModelRef]:
    seen: set[tuple[str, str]] = set()
    for ref in view.sites:
        key = (ref.ref.location, normalise(ref.model_id))
        if key not in seen:
            seen.add(key)
            yield ref


def _int_setting(ev: Evidence, name: str, default: int) -> int:
    """A numeric threshold from the configuration; a malformed value falls back to the default."""
    try:
        return int(ev.setting(name, default))
    except (TypeError, ValueError):
        return default


def _site_quote(view: _View, ref: ModelRef) -> EvidenceItem:
    """The source line when the source supplied it, else the ID and where it was found."""
    line = view.lines.get(ref.ref.location, "").strip()
    text = line if ref.model_id in line else f"model ID {ref.model_id} ({ref.context})"
    return quote(ref.ref.source, ref.ref.location, text)


def _explains(model_id: str, info: ModelInfo | None, failing: bool) -> tuple[str, ...]:
    """The 404s of this model, and silent job failures only when its 404s were seen:
    a retired ID elsewhere in the code did not cause the failures in these logs."""
    ids = [f"M004:{normalise(model_id)}"]
    if info is not None:
        ids += [f"M004:{name}" for name in (info.id, *info.aliases)]
    return (*dict.fromkeys(ids), *(("E003:*",) if failing else ()))


def _diff(view: _View, ref: ModelRef, new_id: str) -> str:
    """A one-line unified diff replacing the ID, when the line is known and first-party."""
    line = view.lines.get(ref.ref.location)
    if ref.context != "code" or not line or ref.model_id not in line:
        return ""
    if platform_of(ref.model_id) != "anthropic":
        return ""
    path, _, number = ref.ref.location.rpartition(":")
    new_line = line.replace(ref.model_id, new_id)
    return f"--- a/{path}\n+++ b/{path}\n@@ -{number} +{number} @@\n-{line}\n+{new_line}\n"


def _partner_note(model_id: str) -> str:
    platform = platform_of(model_id)
    if platform == "anthropic":
        return ""
    return PARTNER_NOTE.format(platform=PLATFORM_NAMES[platform])


def _catalogue_note(catalog: Catalog) -> str:
    return f"(model catalogue checked on {catalog.checked_on.isoformat()})"


def _setting_advice(new_id: str) -> str:
    return (
        f" Better: read the model ID from one setting (e.g. ANTHROPIC_MODEL, default"
        f" {new_id!r}) so the next retirement is a config change, not a code hunt."
    )


@check(
    "M001",
    "Retired Anthropic model ID in use",
    needs={ModelRef},
    severity=Severity.ERROR,
    root_cause=True,
)
def retired_model(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Finds Anthropic model IDs in code, config and request logs whose retirement date
    is on or before the run's reference time (`--as-of`), using opsdoc's bundled,
    dated model catalogue. Aliases (`claude-3-5-sonnet-latest`), Amazon Bedrock
    (`anthropic.claude-…-v1:0`, ARNs) and Vertex AI (`claude-…@YYYYMMDD`) forms count.
    Critical when the logs also show the model's 404 `not_found_error`.

    ## Why is this bad?
    Every request to a retired model fails with HTTP 404 (`not_found_error`,
    `model: <id>`). Code that catches the exception and carries on makes jobs report
    success while doing nothing (seed 001: 40 scenes "analysed", zero summaries).

    ## Example
    ```python
    client.messages.create(model="claude-3-5-sonnet-20241022", ...)  # retired 2025-10-28
    ```

    ## Fix safety
    The diff swaps in Anthropic's recommended successor. Newer models can differ in
    behaviour, parameters and price: run your evals before deploying. Read the ID
    from one setting so the next retirement is a config change.

    ## References
    https://platform.claude.com/docs/en/about-claude/model-deprecations
    """
    view = _view(ev)
    covered: set[str] = set()
    for ref in _unique_sites(view):
        info = view.catalog.lookup(ref.model_id)
        if info is None or info.status_on(view.day) != RETIRED:
            continue
        covered.add(info.id)
        yield _retired_hit(view, ref, info)
    for key, refs in sorted(view.logs.items()):
        info = view.catalog.lookup(key)
        if info is None or info.id in covered or info.status_on(view.day) != RETIRED:
            continue
        covered.add(info.id)
        new_id = view.catalog.replacement(info, view.day) or "a current model"
        yield Hit(
            subject=key,
            summary=(
                f"Requests use model {key}, retired on {info.retires_on}: {len(refs)} logged"
                f" 404 not_found_error(s). The ID was not found in the scanned code or config,"
                f" so it comes from elsewhere (environment, deployment, another repository)."
            ),
            evidence=tuple(view.log_quotes(refs)),
            fix=Fix(
                text=f"Find where {key} is configured and use {new_id} instead."
                + _setting_advice(new_id)
                + _partner_note(refs[0].model_id)
            ),
            confidence=0.9,
            severity=Severity.CRITICAL,
            explains=_explains(key, info, True),
        )


def _retired_hit(view: _View, ref: ModelRef, info: ModelInfo) -> Hit:
    new_id = view.catalog.replacement(info, view.day) or "a current model"
    failures = view.log_refs_for(ref.model_id, info)
    alias = f" (alias of {info.id})" if normalise(ref.model_id) != info.id else ""
    summary = (
        f"{ref.ref.location} uses model {ref.model_id}{alias}, retired on {info.retires_on}:"
        f" every request with it fails with 404 not_found_error."
    )
    if failures:
        summary += f" The logs show {len(failures)} such failure(s)."
    fix_text = f"Replace {ref.model_id} with {new_id}, the recommended successor."
    fix_text += _setting_advice(new_id) + _partner_note(ref.model_id)
    partner = platform_of(ref.model_id) != "anthropic"
    return Hit(
        subject=ref.ref.location,
        summary=summary,
        evidence=(
            _site_quote(view, ref),
            *view.log_quotes(failures),
        ),
        fix=Fix(text=fix_text, diff=_diff(view, ref, new_id)),
        confidence=0.7 if partner and not failures else 0.95,
        severity=Severity.CRITICAL if failures else None,
        explains=_explains(ref.model_id, info, bool(failures)),
    )


@check(
    "M002",
    "Deprecated Anthropic model ID retires soon",
    needs={ModelRef},
    severity=Severity.WARNING,
    root_cause=True,
)
def deprecated_model(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Finds model IDs that are deprecated and retire within
    `model_retirement_warn_days` (default 90) of the reference time. Once the
    retirement date has passed the same ID is reported as M001 instead.

    ## Why is this bad?
    On the retirement date the ID starts answering 404 and every call fails,
    with no code change on your side. Deprecated models may also be less reliable
    before that.

    ## Example
    `MODEL = "claude-sonnet-4-5-20250929"` checked on 2026-11-23: retires 2026-11-30.

    ## Fix safety
    Swapping in the successor changes model behaviour; test it before the date.

    ## References
    https://platform.claude.com/docs/en/about-claude/model-deprecations
    """
    view = _view(ev)
    warn_days = _int_setting(ev, "model_retirement_warn_days", 90)
    for ref in _unique_sites(view):
        info = view.catalog.lookup(ref.model_id)
        if info is None or info.retires_on is None or info.status_on(view.day) != DEPRECATED:
            continue
        days = (info.retires_on - view.day).days
        if days > warn_days:
            continue
        new_id = view.catalog.replacement(info, view.day) or "a current model"
        yield Hit(
            subject=ref.ref.location,
            summary=(
                f"{ref.ref.location} uses model {ref.model_id}, deprecated and retiring on"
                f" {info.retires_on} ({days} day(s) after {view.day}); from then on every"
                f" request with it fails with 404."
            ),
            evidence=(_site_quote(view, ref),),
            fix=Fix(
                text=f"Move to {new_id} before {info.retires_on}."
                + _setting_advice(new_id)
                + _partner_note(ref.model_id),
                diff=_diff(view, ref, new_id),
            ),
            confidence=0.9,
        )


@check(
    "M003",
    "Model ID that never existed",
    needs={ModelRef},
    severity=Severity.ERROR,
    root_cause=True,
)
def unknown_model(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Finds strings shaped like Anthropic model IDs that name no model Anthropic ever
    released (a typo, or an ID invented by a person or an AI assistant), and names
    the nearest real model by family, version and date, plus what to use today.

    ## Why is this bad?
    The API answers 404 `not_found_error` from the first request. Invented IDs are
    common: seed 001's own "fix" recommended `claude-3-5-sonnet-20250219`, which
    never existed.

    ## Example
    `claude-3-5-sonnet-20250219` → nearest real ID `claude-3-5-sonnet-20241022`
    (retired) → use `claude-sonnet-4-6`.

    ## Fix safety
    The suggested ID is a judgement: confirm it is the tier you meant. An ID newer
    than the catalogue's date is reported with low confidence (it may be real).

    ## References
    https://platform.claude.com/docs/en/about-claude/models/overview
    """
    view = _view(ev)
    reported: set[str] = set()
    for ref in _unique_sites(view):
        if view.catalog.lookup(ref.model_id) is not None:
            continue
        if not view.catalog.looks_like_model_id(ref.model_id):
            continue
        if normalise(ref.model_id) in view.live:
            continue  # the Models API lists it: the bundled catalogue is behind, not the code
        reported.add(normalise(ref.model_id))
        yield _unknown_hit(view, ref.model_id, ref.ref.location, ref)
    for key, refs in sorted(view.logs.items()):
        if key in reported or view.catalog.lookup(key) is not None:
            continue
        if not view.catalog.looks_like_model_id(refs[0].model_id):
            continue
        yield _unknown_hit(view, refs[0].model_id, key, None)


def _unknown_hit(view: _View, model_id: str, subject: str, ref: ModelRef | None) -> Hit:
    catalog = view.catalog
    near = catalog.nearest(model_id)
    failures = view.log_refs_for(model_id, None)
    evidence: list[EvidenceItem] = []
    if ref is not None:
        evidence.append(_site_quote(view, ref))
    evidence += view.log_quotes(failures)
    where = (
        f"{subject} uses model {model_id}" if ref is not None else f"Requests use model {model_id}"
    )
    if near is None:
        new_id = ""
        detail = "No similar model is known."
    else:
        status = near.status_on(view.day)
        new_id = near.id if status != RETIRED else (catalog.replacement(near, view.day) or "")
        detail = f"The nearest real ID is {near.id} ({status}"
        detail += f" since {near.retires_on})." if status == RETIRED else ")."
        if new_id and new_id != near.id:
            detail += f" Use {new_id}."
    newer = catalog.beyond_catalogue(model_id) and not view.live
    if view.live:
        detail += " The Models API does not list it either."
    if newer:
        summary = (
            f"{where}, which is not in opsdoc's model catalogue {_catalogue_note(catalog)}; it"
            f" may be newer than the catalogue. {detail}"
        )
    else:
        summary = f"{where}, an ID Anthropic never released: it fails with 404. {detail}"
    if failures:
        summary += f" The logs show {len(failures)} 404 not_found_error(s) for it."
    fix_text = (
        f"Replace {model_id} with {new_id}."
        if new_id
        else f"Replace {model_id} with a real model ID."
    )
    fix_text += " Check the tier is the one you meant." + (
        _setting_advice(new_id) if new_id else ""
    )
    return Hit(
        subject=subject,
        summary=summary,
        evidence=tuple(evidence),
        fix=Fix(text=fix_text, diff=_diff(view, ref, new_id) if ref is not None and new_id else ""),
        confidence=0.95 if failures else (0.4 if newer else 0.85),
        severity=Severity.WARNING if newer and not failures else None,
        explains=_explains(model_id, None, bool(failures)),
    )


@check(
    "M004",
    "Model not found (404) in logs",
    needs={ModelRef},
    severity=Severity.ERROR,
)
def model_not_found(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Reports each model the logs show failing with the API's 404 `not_found_error`
    (`'message': 'model: <id>'`), with how often it happened.

    ## Why is this bad?
    Every such call did no work. When the caller swallows the exception the job
    still reports success, so this line in the logs may be the only trace.

    ## Example
    `Error code: 404 - {'type': 'error', 'error': {'type': 'not_found_error',
    'message': 'model: claude-3-5-sonnet-20241022'}}`

    ## Fix safety
    This is a symptom: M001 (retired ID) or M003 (invented ID) names the cause when
    the ID is in the code. For a current model, check the API key's workspace and the
    platform (Bedrock and Vertex AI IDs differ from first-party IDs).

    ## References
    https://platform.claude.com/docs/en/api/errors
    """
    view = _view(ev)
    for key, refs in sorted(view.logs.items()):
        info = view.catalog.lookup(key)
        if info is not None and info.status_on(view.day) == RETIRED:
            why = f"{key} was retired on {info.retires_on}."
        elif info is not None:
            why = (
                f"{key} is a current model: check that the API key's workspace can use it and"
                f" that the platform (Claude API, Bedrock, Vertex AI) offers it under this ID."
            )
        elif view.catalog.looks_like_model_id(refs[0].model_id):
            why = f"{key} is not a model Anthropic released."
        else:
            why = f"{key} does not look like an Anthropic model ID."
        yield Hit(
            subject=key,
            summary=f"{len(refs)} request(s) failed with 404 not_found_error for {key}. {why}",
            evidence=tuple(view.log_quotes(refs)),
            fix=Fix(
                text="Fix the model ID at its source (see the linked root cause), then make"
                " model errors fail the job instead of being logged and skipped."
            ),
            confidence=0.9,
        )


@check(
    "M005",
    "Model ID hard-coded in many places",
    needs={ModelRef},
    severity=Severity.WARNING,
)
def hardcoded_model(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Finds a model ID written literally in at least `model_hardcoded_min_sites`
    (default 3) places in the code (config files do not count: they are the setting).

    ## Why is this bad?
    Model IDs retire on a schedule. Each copy is one more place to find and change
    under pressure; in seed 001 the retired Haiku ID sat in nine places across six
    files, and a partial fix leaves some calls failing.

    ## Example
    `model="claude-3-5-haiku-20241022"` in `ai_service.py` (3 times), `intent_classifier.py`,
    `context_builder.py`...

    ## Fix safety
    Mechanical: add one setting and import it everywhere. No behaviour changes until
    the setting's value changes.

    ## References
    SPEC §7 (model IDs come from one setting).
    """
    view = _view(ev)
    minimum = _int_setting(ev, "model_hardcoded_min_sites", 3)
    groups: dict[str, list[ModelRef]] = defaultdict(list)
    for ref in _unique_sites(view):
        if ref.context != "code":
            continue
        info = view.catalog.lookup(ref.model_id)
        groups[info.id if info else normalise(ref.model_id)].append(ref)
    for key, refs in sorted(groups.items()):
        if len(refs) < minimum:
            continue
        info = view.catalog.lookup(key)
        value = key
        if info is not None and info.status_on(view.day) in (RETIRED, DEPRECATED):
            value = view.catalog.replacement(info, view.day) or key
        files = sorted({r.ref.location.rpartition(":")[0] for r in refs})
        yield Hit(
            subject=key,
            summary=(
                f"Model {key} is hard-coded in {len(refs)} places across {len(files)} file(s)"
                f" ({', '.join(files[:5])}{', …' if len(files) > 5 else ''})."
            ),
            evidence=tuple(_site_quote(view, r) for r in refs[: MAX_QUOTES * 2]),
            fix=Fix(
                text=(
                    "Define the model once, e.g. in your settings module:"
                    f' ANTHROPIC_MODEL = os.environ.get("ANTHROPIC_MODEL", "{value}"),'
                    " and use that name at every call site."
                )
            ),
            confidence=0.9,
        )
