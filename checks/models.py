"""Anthropic model checks (M codes): retired, deprecated and invented model IDs.

A retired model ID is the quietest outage there is: the code is unchanged, every
call 404s, and a worker that logs and carries on reports its jobs as successful
(seed 001). These checks compare every model ID found in code, config and logs
with the bundled, dated catalogue, on the run's reference day (`Evidence.as_of`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from opsdoc.evidence import CodeSite, Evidence, LogRecord, ModelRef
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.models.catalog import (
    DEPRECATED,
    RETIRED,
    STALE_AFTER_DAYS,
    Catalog,
    ModelInfo,
    load_catalog,
    normalise,
    platform_of,
)
from opsdoc.models.extract import COMPARED, DEPRECATION_WARNED, MENTION, MODEL_SITE, UNREACHED
from opsdoc.models.sdk import SdkModels, installed_sdk
from opsdoc.models.verdict import INVENTED_CODE, UNKNOWN, Verdict, judge, status_phrase
from opsdoc.plugin import check

MAX_QUOTES = 5
COLLAPSE_AT = 20
"""More retired-ID sites than this in one file are one M001 finding with a count (as
`opsdoc.report.collapse_repeats` does for every code): a generated file holding
10,000 of them is one thing to fix, not 10,000."""
LIVE_CONTEXT = "api-available"
"""Context of the IDs the Models API listed (see ``opsdoc.sources.anthropic_models``)."""
PARTNER_NOTE = (
    " {platform} sets its own retirement schedule, so check its model table for the exact"
    " date and for the {platform} ID of the replacement."
)
PLATFORM_NAMES = {"bedrock": "Amazon Bedrock", "vertex": "Google Cloud Vertex AI"}
PLATFORM_LAG_DAYS = 90
"""For this long after the Claude API retires a model whose Bedrock or Vertex AI date is
not published, a platform ID of it is reported at info: the platforms retire on their
own, later dates (Bedrock served Claude 3.7 Sonnet ten months longer)."""
_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|testing|docs?|examples?|samples?|cookbooks?|demos?|tutorials?|notebooks?"
    r"|scripts?|benchmarks?|fixtures?)/"
    r"|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py(?::\d+)?$"
)
"""Paths that are not production code (M005 counts production use sites only): tests,
docs, and the self-contained example programs of a cookbook or samples folder, each of
which must run on its own and so names its model itself. A site's location ends in
``:LINE``, so the file-name forms allow it."""


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
    mentions: list[ModelRef] = field(default_factory=list)
    """IDs that no request uses (tables, docs, data): at most info."""
    sdk: SdkModels | None = None
    compared: dict[str, str] = field(default_factory=dict)
    """Normalised ID -> where production code tests a value against it (`COMPARED`)."""
    warned: dict[str, list[ModelRef]] = field(default_factory=dict)
    """Log lines where the SDK warned the ID is deprecated, by normalised model ID."""
    _verdicts: dict[str, Verdict] = field(default_factory=dict)
    _failures: dict[str, list[ModelRef]] = field(default_factory=dict)

    @property
    def day(self) -> date:
        return self.ev.as_of.date()

    def verdict(self, model_id: str) -> Verdict:
        """The verdict on ``model_id``, judged once per ID however many sites use it."""
        got = self._verdicts.get(model_id)
        if got is None:
            got = judge(self.catalog, model_id, self.day, self.sdk, self.live)
            self._verdicts[model_id] = got
        return got

    def log_refs_for(self, model_id: str, info: ModelInfo | None) -> list[ModelRef]:
        """The logged 404s of this model; one list per ID, shared by its sites (copying
        it per site made 10,000 sites times 10,000 log lines). ``info`` is the catalogue
        entry of the ID's verdict (or None for every ID, in M003), so one per ID in a run."""
        got = self._failures.get(model_id)
        if got is None:
            keys = {normalise(model_id)}
            if info is not None:
                keys |= {info.id, *info.aliases}
            got = self._failures[model_id] = [r for k in sorted(keys) for r in self.logs.get(k, ())]
        return got

    def log_quotes(self, refs: list[ModelRef]) -> list[EvidenceItem]:
        out = []
        for ref in refs[:MAX_QUOTES]:
            text = self.messages.get(ref.ref.location) or f"not_found_error: model: {ref.model_id}"
            out.append(quote(ref.ref.source, ref.ref.location, text))
        return out


def _view(ev: Evidence) -> _View:
    catalog = load_catalog()
    sites: list[ModelRef] = []
    mentions: list[ModelRef] = []
    logs: dict[str, list[ModelRef]] = defaultdict(list)
    live: set[str] = set()
    compared: dict[str, str] = {}
    warned: dict[str, list[ModelRef]] = defaultdict(list)
    for ref in ev.of(ModelRef):
        if ref.context == "log":
            logs[normalise(ref.model_id)].append(ref)
        elif ref.context == DEPRECATION_WARNED:
            warned[normalise(ref.model_id)].append(ref)
        elif ref.context == LIVE_CONTEXT:
            live.add(normalise(ref.model_id))  # what exists now: evidence, not a use
        elif ref.context in (MENTION, UNREACHED):
            mentions.append(ref)
        elif ref.context == COMPARED:
            if not _TEST_PATH.search(ref.ref.location):
                compared.setdefault(normalise(ref.model_id), ref.ref.location)
        else:
            sites.append(ref)
    lines = {
        s.where: s.attr("text") for s in ev.of(CodeSite) if s.kind == MODEL_SITE and s.attr("text")
    }
    messages = {r.ref.location: r.message for r in ev.of(LogRecord)} if logs or warned else {}
    return _View(
        ev,
        catalog,
        sites,
        dict(logs),
        lines,
        messages,
        frozenset(live),
        mentions,
        installed_sdk(),
        compared,
        dict(warned),
    )


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


def _diff(view: _View, ref: ModelRef, verdict: Verdict) -> str:
    """A one-line unified diff with the change ``opsdoc fix`` makes, when it makes one."""
    line = view.lines.get(ref.ref.location)
    if not verdict.fixable or not line or ref.model_id not in line:
        return ""
    path, _, number = ref.ref.location.rpartition(":")
    new_line = _replaced(line, ref.model_id, verdict.replacement)
    if new_line == line:
        return ""
    return f"--- a/{path}\n+++ b/{path}\n@@ -{number} +{number} @@\n-{line}\n+{new_line}\n"


@lru_cache(maxsize=4096)
def _replaced(line: str, old: str, new: str) -> str:
    """`opsdoc.commands.fix.replace_in_line`, once per distinct line: a generated file
    repeats the same call line thousands of times."""
    from opsdoc.commands.fix import replace_in_line

    return replace_in_line(line, old, new)


def _mention_hits(view: _View, codes: tuple[str, ...]) -> Iterator[Hit]:
    """One info finding per ID that only tables, docs or data name, for these codes."""
    groups: dict[str, list[ModelRef]] = defaultdict(list)
    for ref in view.mentions:
        groups[ref.model_id].append(ref)
    used = {normalise(r.model_id) for r in view.sites}
    for model_id, refs in sorted(groups.items()):
        verdict = view.verdict(model_id)
        if verdict.code not in codes or normalise(model_id) in used:
            continue
        places = sorted({r.ref.location for r in refs})
        what = status_phrase(verdict) if verdict.code != INVENTED_CODE else "not a released model"
        listed = f"{', '.join(places[:3])}{', …' if len(places) > 3 else ''}"
        if all(r.context == UNREACHED for r in refs):
            where = (
                f"is passed to a request only in code nothing runs ({listed}): a function or"
                " class that no module, config or deploy file of the project refers to."
            )
        else:
            where = (
                f"is named in {len(places)} place(s) that no request uses ({listed}): a table,"
                " a doc or data, not a client call, deployment setting or env var the code reads."
            )
        yield Hit(
            subject=model_id,
            summary=f"{model_id} ({what}) {where}",
            evidence=tuple(_site_quote(view, r) for r in refs[:MAX_QUOTES]),
            fix=Fix(
                text="Nothing calls the API with it; update the table or text when convenient."
            ),
            confidence=0.3,
            severity=Severity.INFO,
        )


def _partner_note(model_id: str) -> str:
    platform = platform_of(model_id)
    if platform == "anthropic":
        return ""
    return PARTNER_NOTE.format(platform=PLATFORM_NAMES[platform])


def _catalogue_note(catalog: Catalog) -> str:
    return f"(model catalogue checked on {catalog.checked_on.isoformat()})"


def _sources_note(verdict: Verdict) -> str:
    info = verdict.info
    if info is None or not info.source:
        return ""
    checked = f", checked {info.checked_on.isoformat()}" if info.checked_on else ""
    return f" Source: {info.source}{checked}."


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
    Critical when the logs also show the model's 404 `not_found_error`. More than 20
    uses in one file (generated code) are one finding counting the uses of each ID.

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
    retired: list[tuple[ModelRef, Verdict]] = []
    per_file: dict[str, list[tuple[ModelRef, Verdict]]] = defaultdict(list)
    for ref in _unique_sites(view):
        verdict = view.verdict(ref.model_id)
        if verdict.kind != RETIRED:
            continue
        assert verdict.info is not None
        covered.add(verdict.info.id)
        retired.append((ref, verdict))
        per_file[_file_of(ref)].append((ref, verdict))
    for ref, verdict in retired:
        sites = per_file[_file_of(ref)]
        if len(sites) <= COLLAPSE_AT:
            yield _retired_hit(view, ref, verdict)
        elif sites[0][0] is ref:
            yield _collapsed_hit(view, sites)
    for key, refs in sorted(view.logs.items()):
        verdict = view.verdict(refs[0].model_id)
        info = verdict.info
        if info is None or info.id in covered or verdict.kind != RETIRED:
            continue
        covered.add(info.id)
        new_id = (
            verdict.replacement or view.catalog.replacement(info, view.day) or "a current model"
        )
        yield Hit(
            subject=key,
            summary=(
                f"Requests use model {key}, {status_phrase(verdict)}: {len(refs)} logged"
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
    yield from _mention_hits(view, ("M001",))


def _retired_hit(view: _View, ref: ModelRef, verdict: Verdict) -> Hit:
    info = verdict.info
    assert info is not None
    new_id = verdict.replacement or view.catalog.replacement(info, view.day) or "a current model"
    failures = view.log_refs_for(ref.model_id, info)
    alias = f" (alias of {info.id})" if normalise(ref.model_id) != info.id else ""
    if verdict.date_known:
        where = f" on {PLATFORM_NAMES[verdict.platform]}" if verdict.platform != "anthropic" else ""
        summary = (
            f"{ref.ref.location} uses model {ref.model_id}{alias}, retired{where} on"
            f" {verdict.retires_on}: every request with it fails with 404 not_found_error."
        )
    else:
        platform = PLATFORM_NAMES[verdict.platform]
        summary = (
            f"{ref.ref.location} uses {platform} model {ref.model_id}{alias}. The Claude API"
            f" retired this model on {verdict.retires_on}; {platform}'s own retirement date"
            " is not published in opsdoc's catalogue, "
            + (
                f"but the logs show {len(failures)} request(s) to it failing with 404 there."
                if failures
                else "so requests there may still work."
            )
        )
    if failures and verdict.date_known:
        summary += f" The logs show {len(failures)} such failure(s)."
    summary += _sources_note(verdict)
    if verdict.replacement:
        fix_text = f"Replace {ref.model_id} with {new_id}, the recommended successor."
    else:
        fix_text = f"Move to {new_id} (the recommended successor); {verdict.reason}."
    fix_text += _setting_advice(new_id) + _partner_note(ref.model_id)
    severity = None
    if failures:
        severity = Severity.CRITICAL
    elif not verdict.date_known:
        # Bedrock and Vertex AI serve models for months after the Claude API retires them
        # (3.7 Sonnet: ten months), on dates of their own: nothing shows this one failing,
        # and a retirement on the Claude API weeks ago says little about the platform yet.
        fresh = verdict.retires_on is not None and (
            (view.day - verdict.retires_on).days < PLATFORM_LAG_DAYS
        )
        severity = Severity.INFO if fresh else Severity.WARNING
    return Hit(
        subject=ref.ref.location,
        summary=summary,
        evidence=(
            _site_quote(view, ref),
            *view.log_quotes(failures),
        ),
        fix=Fix(text=fix_text, diff=_diff(view, ref, verdict)),
        confidence=0.6 if not verdict.date_known and not failures else 0.95,
        severity=severity,
        explains=_explains(ref.model_id, info, bool(failures)),
    )


def _file_of(ref: ModelRef) -> str:
    path, sep, line = ref.ref.location.rpartition(":")
    return path if sep and line.isdigit() else ref.ref.location


def _collapsed_hit(view: _View, sites: list[tuple[ModelRef, Verdict]]) -> Hit:
    """One M001 for a file with more than `COLLAPSE_AT` retired-ID sites: counts per ID,
    the first quotes and the first changes. Work per site is a count; verdicts and
    logged 404s are looked up once per ID."""
    first = sites[0][0]
    path = _file_of(first)
    counts: dict[str, int] = {}
    verdicts: dict[str, Verdict] = {}
    for ref, verdict in sites:
        counts[ref.model_id] = counts.get(ref.model_id, 0) + 1
        verdicts.setdefault(ref.model_id, verdict)
    failures: list[ModelRef] = []
    for model_id, verdict in verdicts.items():
        failures += view.log_refs_for(model_id, verdict.info)
    ids = ", ".join(f"{model_id} ({n:,})" for model_id, n in counts.items())
    lines = [ref.ref.location.rpartition(":")[2] for ref, _ in sites[1:]]
    more = ", ".join(lines[:10]) + ", …"  # more than COLLAPSE_AT sites: always more than 10
    summary = (
        f"{len(sites):,} uses of retired model IDs in {path}: {ids}. Every request with them"
        f" fails with 404 not_found_error. The first is at {first.ref.location}; also lines"
        f" {more}."
    )
    if failures:
        summary += f" The logs show {len(failures)} such failure(s)."
    moves = []
    new_ids = []
    for model_id, verdict in verdicts.items():
        info = verdict.info
        assert info is not None
        new_id = (
            verdict.replacement or view.catalog.replacement(info, view.day) or "a current model"
        )
        moves.append(f"{model_id} with {new_id}")
        new_ids.append(new_id)
    # A diff of every site would be as long as the file and cost more to print than
    # the run may take: the first ones show the change, `opsdoc fix` makes them all.
    diff = "".join(_hunk(view, ref, verdict) for ref, verdict in sites[:COLLAPSE_AT])
    fix_text = f"Replace {'; '.join(moves)}."
    if diff:
        fix_text += (
            f" The diff shows the first {COLLAPSE_AT} changes;"
            f" `opsdoc fix --apply` makes all {len(sites):,}."
        )
    fix_text += _setting_advice(new_ids[0])
    log_quotes = view.log_quotes(failures)[:2]
    shown: dict[str, ModelRef] = {}
    for ref, _ in sites:  # one quote per ID first, then the next sites
        shown.setdefault(ref.model_id, ref)
    quotes = list(dict.fromkeys([*shown.values(), *(ref for ref, _ in sites)]))
    evidence = tuple(dict.fromkeys(_site_quote(view, ref) for ref in quotes[:MAX_QUOTES]))
    explains: list[str] = []
    for model_id, verdict in verdicts.items():
        explains += _explains(model_id, verdict.info, bool(failures))
    dated = any(v.date_known for v in verdicts.values())
    return Hit(
        subject=first.ref.location,
        summary=summary,
        evidence=(*evidence[: MAX_QUOTES - len(log_quotes)], *log_quotes),
        fix=Fix(
            text=fix_text,
            diff=f"--- a/{path}\n+++ b/{path}\n{diff}" if diff else "",
        ),
        confidence=0.95 if dated or failures else 0.6,
        severity=Severity.CRITICAL if failures else (None if dated else Severity.WARNING),
        explains=tuple(dict.fromkeys(explains)),
    )


def _hunk(view: _View, ref: ModelRef, verdict: Verdict) -> str:
    """`_diff`'s hunk without its file header."""
    diff = _diff(view, ref, verdict)
    return diff[diff.index("@@") :] if diff else ""


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
        verdict = view.verdict(ref.model_id)
        if verdict.kind != DEPRECATED or verdict.info is None:
            continue
        info = verdict.info
        new_id = (
            verdict.replacement or view.catalog.replacement(info, view.day) or "a current model"
        )
        severity = None
        if verdict.retires_on is None:
            when = "its retirement date is not published"
            severity = Severity.INFO
        else:
            days = (verdict.retires_on - view.day).days
            if days > warn_days:
                continue
            when = f"retiring on {verdict.retires_on} ({days} day(s) after {view.day})"
        if not verdict.date_known:
            platform = PLATFORM_NAMES[verdict.platform]
            retires = (
                f"which retires it on {verdict.retires_on}"
                if verdict.retires_on
                else "which has not published its retirement date"
            )
            when = (
                f"deprecated on the Claude API, {retires};"
                f" {platform}'s own date is not published in opsdoc's catalogue"
            )
            severity = Severity.INFO
            summary = f"{ref.ref.location} uses {platform} model {ref.model_id}: {when}."
        else:
            then = "from then on" if verdict.retires_on else "once it retires,"
            summary = (
                f"{ref.ref.location} uses model {ref.model_id}, deprecated and {when}; {then}"
                f" every request with it fails with 404."
            )
        keys = {normalise(ref.model_id), info.id, *info.aliases}
        warnings = [w for k in sorted(keys) for w in view.warned.get(k, ())]
        if warnings:
            summary += (
                f" The SDK warned of it {len(warnings)} time(s) in the logs: requests with it"
                " still run, until that day."
            )
        yield Hit(
            subject=ref.ref.location,
            summary=summary + _sources_note(verdict),
            evidence=(
                _site_quote(view, ref),
                *(
                    quote(w.ref.source, w.ref.location, view.messages.get(w.ref.location, ""))
                    for w in warnings[:2]
                ),
            ),
            fix=Fix(
                text=f"Move to {new_id}"
                + (f" before {verdict.retires_on}." if verdict.retires_on else ".")
                + (f" Not changed automatically: {verdict.reason}." if verdict.reason else "")
                + _setting_advice(new_id)
                + _partner_note(ref.model_id),
                diff=_diff(view, ref, verdict),
            ),
            confidence=0.9 if verdict.date_known else 0.5,
            severity=severity,
        )
    yield from _mention_hits(view, ("M002",))


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
        verdict = view.verdict(ref.model_id)
        alias = view.compared.get(normalise(ref.model_id))
        if verdict.code == INVENTED_CODE and alias and not view.log_refs_for(ref.model_id, None):
            reported.add(normalise(ref.model_id))
            yield _alias_hit(view, ref, alias)
        elif verdict.code == INVENTED_CODE:
            reported.add(normalise(ref.model_id))
            yield _unknown_hit(view, verdict, ref.ref.location, ref)
        elif verdict.kind == UNKNOWN and view.log_refs_for(ref.model_id, None):
            # the API itself answered 404 for it: not newer than the catalogue, not there
            reported.add(normalise(ref.model_id))
            yield _unknown_hit(view, verdict, ref.ref.location, ref)
        elif verdict.kind == UNKNOWN:
            reported.add(normalise(ref.model_id))
            yield _not_in_catalogue_hit(view, ref)
    for key, refs in sorted(view.logs.items()):
        if key in reported:
            continue
        verdict = view.verdict(refs[0].model_id)
        if verdict.code == INVENTED_CODE or verdict.kind == UNKNOWN:
            yield _unknown_hit(view, verdict, key, None)
    yield from _mention_hits(view, (INVENTED_CODE,))


def _alias_hit(view: _View, ref: ModelRef, compared_at: str) -> Hit:
    """An invented-looking ID that the code itself tests for is most likely the
    application's own short name, translated to a real ID before any request."""
    return Hit(
        subject=ref.ref.location,
        summary=(
            f"{ref.ref.location} sets model {ref.model_id}, which Anthropic never released;"
            f" the code tests for this name ({compared_at}), so it is probably the"
            " application's own alias, translated to a real ID before any request"
        ),
        evidence=(
            _site_quote(view, ref),
            quote("code", compared_at, view.lines.get(compared_at, "").strip() or ref.model_id),
        ),
        fix=Fix(
            text="Confirm the alias is mapped on every path that sends a request; naming the"
            " real ID in the setting avoids the question."
        ),
        confidence=0.3,
        severity=Severity.INFO,
    )


def _not_in_catalogue_hit(view: _View, ref: ModelRef) -> Hit:
    sdk = view.sdk.label if view.sdk is not None and view.sdk.version else "the anthropic SDK"
    return Hit(
        subject=ref.ref.location,
        summary=(
            f"{ref.ref.location} uses model {ref.model_id}, which is unknown to the catalogue"
            f" {_catalogue_note(view.catalog)} and to {sdk}. It follows Anthropic's naming"
            " scheme, so it may be newer than both; if it is a typo, every request fails"
            " with 404."
        ),
        evidence=(_site_quote(view, ref),),
        fix=Fix(
            text="Check the ID against the Models API (set ANTHROPIC_API_KEY) or the models"
            " overview; `opsdoc fix` leaves it alone. A newer catalogue: --models-catalog FILE."
        ),
        confidence=0.3,
        severity=Severity.INFO,
    )


def _unknown_hit(view: _View, verdict: Verdict, subject: str, ref: ModelRef | None) -> Hit:
    catalog = view.catalog
    model_id = verdict.model_id
    near = verdict.info
    failures = view.log_refs_for(model_id, None)
    evidence: list[EvidenceItem] = []
    if ref is not None:
        evidence.append(_site_quote(view, ref))
    evidence += view.log_quotes(failures)
    where = (
        f"{subject} uses model {model_id}" if ref is not None else f"Requests use model {model_id}"
    )
    new_id = verdict.replacement
    if near is None:
        detail = "No similar model is known."
    else:
        status = near.status_on(view.day)
        detail = f"The nearest real ID is {near.id} ({status}"
        detail += f" since {near.retires_on})." if status == RETIRED else ")."
        if new_id and new_id != near.id:
            detail += f" Use {new_id}."
    if view.live:
        detail += " The Models API does not list it either."
    if verdict.kind == UNKNOWN:
        # reached only with its 404s (without them M003 gives the not-in-catalogue info
        # finding): newer than the catalogue or not, the API answered that it is not there
        summary = (
            f"{where}, which is unknown to the catalogue {_catalogue_note(catalog)} and which"
            f" the API answers with 404 not_found_error: every request with it fails. {detail}"
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
        fix=Fix(text=fix_text, diff=_diff(view, ref, verdict) if ref is not None else ""),
        # An ID unknown to the catalogue reaches here from the logs only, with its 404s.
        confidence=0.95 if failures else 0.85,
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
    (default 3) places in production code where it reaches a client call. Config files
    do not count (they are the setting), nor do tests, docs, examples (cookbooks,
    samples, demos, tutorials), scripts, or
    literals no request uses (pricing and capability tables, data), nor an ID listed
    among alternatives (the choices a user may pick, a fallback chain). Module
    constants of different names (`ANALYSIS_MODEL`, `FIX_MODEL`, `VERIFY_MODEL`) are a
    setting per role, not copies, when every place is one. Copies add up per
    platform: a provider table naming the model once each for the Claude API, Bedrock
    and Vertex AI holds three settings, not one ID three times. The rows of one table
    literal (a dict of per-variant settings) count once: the table is the one place.

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
    groups: dict[tuple[str, str], list[ModelRef]] = defaultdict(list)
    for ref in _unique_sites(view):
        if ref.context != "code" or ref.listed or _TEST_PATH.search(ref.ref.location):
            continue
        info = view.catalog.lookup(ref.model_id)
        model = info.id if info else normalise(ref.model_id)
        # one ID per platform (a provider table: Claude API, Bedrock, Vertex AI) is one
        # setting each, not the same ID copied: only copies on one platform add up
        groups[(model, platform_of(ref.model_id))].append(ref)
    for (model, platform), refs in sorted(groups.items()):
        places = {r.table or r.ref.location for r in refs}
        if len(places) < minimum:
            continue
        names = [r.setting for r in refs]
        if all(names) and len(set(names)) == len(names):
            continue  # ANALYSIS_MODEL, FIX_MODEL, VERIFY_MODEL: one setting per role
        info = view.catalog.lookup(model)
        partner = platform != "anthropic"
        key = min(r.model_id for r in refs) if partner else model
        value = key
        if info is not None and info.status_on(view.day) in (RETIRED, DEPRECATED):
            if partner:
                value = view.verdict(key).replacement or key
            else:
                value = view.catalog.replacement(info, view.day) or key
        files = sorted({r.ref.location.rpartition(":")[0] for r in refs})
        where = f" ({PLATFORM_NAMES[platform]})" if partner else ""
        yield Hit(
            subject=key,
            summary=(
                f"Model {key}{where} is hard-coded in {len(places)} places across"
                f" {len(files)} file(s) ({', '.join(files[:5])}{', …' if len(files) > 5 else ''})."
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


@check(
    "X003",
    "Model catalogue older than 120 days",
    needs={ModelRef},
    severity=Severity.INFO,
)
def stale_catalogue(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Says when the model catalogue in force (bundled, or `--models-catalog FILE`) was
    checked more than 120 days before the run's reference time (`--as-of`).

    ## Why is this bad?
    Anthropic releases and retires models every few months. An old catalogue cannot
    know newer models ("unknown to the catalogue" may only mean "newer than the
    catalogue") nor retirements announced since.

    ## Example
    `model catalogue checked on 2026-12-02, 150 days before 2027-05-01`.

    ## Fix safety
    No automatic fix. Upgrade opsdoc, or pass a newer catalogue file with
    `--models-catalog FILE` (schema: `opsdoc models --schema`); set ANTHROPIC_API_KEY
    so the live Models API says which IDs exist.

    ## References
    https://platform.claude.com/docs/en/about-claude/model-deprecations
    """
    catalog = load_catalog()
    age = catalog.age_days(ev.as_of.date())
    if age <= STALE_AFTER_DAYS:
        return
    yield Hit(
        subject=f"model catalogue ({catalog.origin})",
        summary=(
            f"The model catalogue was checked on {catalog.checked_on}, {age} days before"
            f" {ev.as_of.date()}: models released or retired since are unknown to it, so"
            ' "unknown to the catalogue" may only mean "newer than the catalogue".'
        ),
        evidence=(quote("models", catalog.origin, f"checked_on {catalog.checked_on.isoformat()}"),),
        fix=Fix(
            text="Upgrade opsdoc or pass a newer catalogue with --models-catalog FILE"
            " (see `opsdoc models --schema`)."
        ),
        confidence=1.0,
    )
