"""One judgement per model ID, shared by ``opsdoc diagnose`` (M checks) and ``opsdoc fix``.

Both commands ask the same question of an ID on a reference day: retired, deprecated,
invented, or merely unknown to the catalogue, and what may safely replace it. Asking
it in one place is what keeps a diff in a finding and the change ``fix`` makes equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from opsdoc.models.catalog import (
    ACTIVE,
    DEPRECATED,
    LEGACY,
    PLATFORM_NAMES,
    RETIRED,
    Catalog,
    ModelInfo,
    normalise,
    parse_id,
    platform_of,
)
from opsdoc.models.sdk import SdkModels

RETIRED_CODE, DEPRECATED_CODE, INVENTED_CODE = "M001", "M002", "M003"
UNKNOWN = "unknown"
"""Kind of an ID shaped like a real one that neither the catalogue nor the SDK knows."""

_FAMILY_IN_TEXT = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Verdict:
    """What one model ID is on one day, and what may replace it."""

    model_id: str
    kind: str
    """active, legacy, deprecated, retired, invented, unknown, sdk-known, live or not-a-model."""
    code: str
    """The finding code (M001, M002, M003) or '' when nothing is wrong."""
    info: ModelInfo | None = None
    """The catalogue entry (for invented IDs: the nearest real one)."""
    platform: str = "anthropic"
    retires_on: date | None = None
    """The retirement day that applies on ``platform`` (None when not published); for a
    partner ID whose platform date is unknown, the Claude API's."""
    date_known: bool = True
    """False for a partner-platform ID whose own retirement date no source gives: then
    ``retires_on`` is the Claude API's, which the platform need not follow."""
    replacement: str = ""
    """The ID a fix writes instead ('' when none is safe)."""
    reason: str = ""
    """Why there is no replacement, for a human."""

    @property
    def fixable(self) -> bool:
        return bool(self.code and self.replacement)


def _platform_replacement(catalog: Catalog, written: str, target: str, platform: str) -> str:
    """The successor's ID on the same platform, when the catalogue lists it and the written
    ID has no cross-region or ARN form that the plain ID would lose."""
    succ = catalog.lookup(target)
    plat = succ.platform(platform) if succ else None
    if plat is None:
        return ""
    plain = written.strip()
    if platform == "bedrock" and not plain.startswith("anthropic."):
        return ""
    return plat.ids[0]


def judge(
    catalog: Catalog,
    model_id: str,
    day: date,
    sdk: SdkModels | None = None,
    live: frozenset[str] = frozenset(),
) -> Verdict:
    """The verdict on ``model_id`` on ``day``."""
    platform = platform_of(model_id)
    info = catalog.lookup(model_id)
    if info is not None:
        found = _known(catalog, model_id, info, day, platform)
        if found.kind in (ACTIVE, LEGACY) and platform == "anthropic" and sdk is not None:
            return _sdk_end_of_life(catalog, found, info, day, sdk) or found
        return found
    key = normalise(model_id)
    if key in live:
        return Verdict(model_id, "live", "", platform=platform)
    if sdk is not None and (sdk.knows(model_id) or sdk.knows(key)):
        return Verdict(model_id, "sdk-known", "", platform=platform)
    if not catalog.looks_like_model_id(model_id):
        return Verdict(model_id, "not-a-model", "", platform=platform)
    if not _invented(catalog, model_id):
        return Verdict(
            model_id,
            UNKNOWN,
            "",
            platform=platform,
            reason="unknown to the catalogue: it may be newer than the catalogue",
        )
    near = catalog.nearest(model_id)
    if near is None:
        return Verdict(
            model_id, "invented", INVENTED_CODE, platform=platform, reason="no similar model"
        )
    status = near.status_on(day)
    target = near.id if status in (ACTIVE, LEGACY) else (catalog.replacement(near, day) or "")
    reason = "" if target else "the nearest real model has no current successor"
    if platform != "anthropic":
        target, reason = "", f"{PLATFORM_NAMES[platform]} ID: change by hand"
    return Verdict(
        model_id,
        "invented",
        INVENTED_CODE,
        info=near,
        platform=platform,
        replacement=target,
        reason=reason,
    )


def _known(catalog: Catalog, model_id: str, info: ModelInfo, day: date, platform: str) -> Verdict:
    retires_on = info.retires_on
    date_known = True
    status = info.status_on(day)
    if platform != "anthropic":
        plat = info.platform(platform)
        if plat is not None and plat.retires_on is not None:
            retires_on = plat.retires_on
            status = RETIRED if day >= plat.retires_on else status
            if status == RETIRED and day < plat.retires_on:
                status = DEPRECATED
        elif status in (RETIRED, DEPRECATED):
            # Anthropic's dates do not bind partner platforms: without the platform's own
            # date the finding keeps Anthropic's date but says the platform's is unknown.
            date_known = False
    if status in (ACTIVE, LEGACY):
        return Verdict(model_id, status, "", info=info, platform=platform, retires_on=retires_on)
    code = RETIRED_CODE if status == RETIRED else DEPRECATED_CODE
    target = catalog.replacement(info, day) or ""
    reason = "" if target else "the catalogue names no successor"
    if target and platform != "anthropic":
        target = _platform_replacement(catalog, model_id, target, platform)
        if not target:
            reason = (
                f"{PLATFORM_NAMES[platform]} ID: the successor's {PLATFORM_NAMES[platform]} ID"
                " is not in the catalogue, change by hand"
            )
    return Verdict(
        model_id,
        status,
        code,
        info=info,
        platform=platform,
        retires_on=retires_on,
        date_known=date_known,
        replacement=target,
        reason=reason,
    )


def _sdk_end_of_life(
    catalog: Catalog, found: Verdict, info: ModelInfo, day: date, sdk: SdkModels
) -> Verdict | None:
    """The installed anthropic SDK's table of deprecated models gives an end-of-life day
    the catalogue does not have yet (it warns on every request with that model): newer
    than the catalogue's check, it decides, as M002 before that day and M001 after."""
    ends = [
        d
        for key in (found.model_id, normalise(found.model_id), info.id, *info.aliases)
        if (d := sdk.end_of_life.get(key)) is not None
    ]
    if not ends:
        return None
    retires_on = min(ends)
    retired = day >= retires_on
    target = catalog.replacement(info, day) or ""
    return Verdict(
        found.model_id,
        RETIRED if retired else DEPRECATED,
        RETIRED_CODE if retired else DEPRECATED_CODE,
        info=info,
        platform=found.platform,
        retires_on=retires_on,
        replacement=target if target != info.id else "",
        reason="" if target and target != info.id else "the catalogue names no successor",
    )


def _invented(catalog: Catalog, model_id: str) -> bool:
    """Whether an unknown, well-formed ID cannot be a real model the catalogue is too old
    to know: a misspelt family, an impossible date, or a snapshot of a known version dated
    before the catalogue's check (every such snapshot would be in it)."""
    parsed = parse_id(model_id)
    if parsed is None:
        return True
    text = normalise(model_id)
    words = set(_FAMILY_IN_TEXT.findall(text.removeprefix("claude-")))
    if parsed.family not in ("legacy",) and parsed.family not in words:
        return True  # "sonet", "hiaku": a typo of a family name
    if parsed.snapshot and not _real_day(parsed.snapshot):
        return True
    known_versions = {
        p.version for _, p in catalog._parsed if p is not None and p.family == parsed.family
    }
    if parsed.version in known_versions:
        if not parsed.snapshot:
            return True  # a known version under a name it never had
        return parsed.snapshot <= catalog.checked_on.strftime("%Y%m%d")
    return parsed.family in ("legacy", "instant")  # Claude 1/2/Instant get no new versions


def _real_day(yyyymmdd: str) -> bool:
    try:
        date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return True


def status_phrase(verdict: Verdict) -> str:
    """``retired on 2025-10-28`` / ``deprecated (retirement date not published)``."""
    when = verdict.retires_on.isoformat() if verdict.retires_on else ""
    if verdict.kind == RETIRED:
        return f"retired on {when}" if when else "retired (date not published)"
    if verdict.kind == DEPRECATED:
        return (
            f"deprecated, retiring on {when}"
            if when
            else "deprecated (retirement date not published)"
        )
    return verdict.kind
