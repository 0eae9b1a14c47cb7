"""The bundled, dated catalogue of Anthropic model IDs and their lifecycle.

A retired model ID fails every request with a 404, and nothing in the code looks
wrong: only a list of what exists, and since when it no longer does, can tell. The
list is bundled (diagnosis works offline) and dated (`checked_on`), so a finding can
say how fresh its knowledge is. Lifecycle is judged against a reference day, never
the clock, so post-mortems on old evidence see the world as it was.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

ACTIVE = "active"
ANNOUNCED_RETIREMENT_DAYS = 60
"""Anthropic announces a retirement at least this many days ahead (its deprecation policy)."""
LEGACY = "legacy"
"""Anthropic's word for a model that gets no more updates and may be deprecated later:
it still works, and no retirement date is set (at most a "not sooner than" day)."""
DEPRECATED = "deprecated"
RETIRED = "retired"
STATUSES = (ACTIVE, LEGACY, DEPRECATED, RETIRED)
PLATFORMS = ("anthropic", "bedrock", "vertex")
PLATFORM_NAMES = {
    "anthropic": "the Claude API",
    "bedrock": "Amazon Bedrock",
    "vertex": "Google Cloud Vertex AI",
}
STALE_AFTER_DAYS = 120
"""A catalogue checked longer ago than this may miss models released since."""
SCHEMA_FILE = "model-catalog.schema.json"

FAMILY_WORDS = ("opus", "sonnet", "haiku", "fable", "mythos", "instant")
"""Tier names that appear inside model IDs; typos of them still mark a model ID."""

# Bedrock: optional cross-region prefix (us., eu., apac., global., ...), the
# ``anthropic.`` provider prefix, a ``-v1:0`` style version suffix, and for provisioned
# throughput a context-window variant (``...-v1:0:28k``, ``anthropic.claude-v2:1:200k``).
_BEDROCK = re.compile(
    r"^(?:(?:[a-z]{2,6}(?:-[a-z]+)?)\.)?anthropic\.(?P<body>claude-[a-z0-9.\-]+?)"
    r"(?P<ver>-v\d+(?::\d+)?)?(?::\d+k)?$"
)
_CONTEXT_VARIANT = re.compile(r":\d+k$")
_REGION_PREFIX = re.compile(r"^[a-z]{2,6}(?:-[a-z]+)?\.(?=anthropic\.)")
# Bedrock's names for the Claude 2 and Instant generations, which had no snapshot date.
_BEDROCK_LEGACY = {
    "claude-v2": "claude-2.0",
    "claude-v2:1": "claude-2.1",
    "claude-v1": "claude-1.3",
    "claude-instant-v1": "claude-instant-1.2",
}
# Vertex AI: ``claude-3-5-sonnet-v2@20241022``, ``claude-haiku-4-5@20251001``.
_VERTEX = re.compile(r"^(?P<body>claude-[a-z0-9.\-]+?)(?:-v\d+)?@(?P<date>\d{8})$")
_ARN = re.compile(r"^arn:aws[a-z-]*:bedrock:[^/]*/(?P<tail>.+)$")

# Shapes of first-party IDs, used to compare unknown IDs with known ones.
_OLD_STYLE = re.compile(
    r"^claude-(?P<major>\d)(?:[-.](?P<minor>\d))?-(?P<family>[a-z]+)"
    r"(?:-(?P<date>\d{8})|-(?P<latest>latest))?$"
)
_NEW_STYLE = re.compile(
    r"^claude-(?P<family>[a-z]+)-(?P<major>\d{1,2})(?:[-.](?P<minor>\d{1,2}))?"
    r"(?:-(?P<date>\d{8})|-(?P<latest>latest))?$"
)
DOTTED_VERSION = re.compile(r"-\d\.\d")
"""``claude-opus-4.8``, ``claude-3.5-sonnet``: a version written with a dot. Claude API IDs
never have one (they would be ``claude-opus-4-8``); other providers' catalogues (OpenRouter's
``anthropic/claude-3.5-sonnet``) do, so a dotted ID is a typo only when nothing routes it."""
_LEGACY_STYLE = re.compile(r"^claude-(?P<instant>instant-)?(?P<major>\d)\.(?P<minor>\d)$")


@dataclass(frozen=True, slots=True)
class PlatformInfo:
    """How a partner platform (Bedrock, Vertex AI) offers one model, on its own schedule."""

    platform: str
    """``bedrock`` or ``vertex``."""
    ids: tuple[str, ...]
    """The platform's spellings of the model (the first is its plain on-demand ID)."""
    retires_on: date | None
    """The platform's own end-of-life date; None when no source gives it."""
    source: str
    """Where that date comes from ('' when there is no date)."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One model ID and its lifecycle on Anthropic-operated platforms."""

    id: str
    family: str
    """``opus``, ``sonnet``, ``haiku``, ``fable``, ``mythos`` or ``legacy`` (Claude 1/2/Instant)."""
    version: str
    """Generation as people say it: ``3.5``, ``4.6``, ``2.1``."""
    snapshot: date | None
    """Snapshot date in the ID, when it has one."""
    aliases: tuple[str, ...]
    status: str
    """Status on the entry's ``checked_on`` day: active, legacy, deprecated or retired."""
    deprecated_on: date | None
    """Day Anthropic announced the deprecation; None when no source gives it."""
    retires_on: date | None
    successor: str | None
    """Anthropic's recommended replacement (it may itself be deprecated later)."""
    retire_not_before: date | None = None
    """For legacy models: the earliest retirement Anthropic has promised."""
    source: str = ""
    """Address of the page this entry's facts were checked against."""
    checked_on: date | None = None
    """Day the entry was last checked against ``source``."""
    note: str = ""
    platforms: tuple[PlatformInfo, ...] = ()

    def status_on(self, day: date) -> str:
        """Lifecycle on ``day`` on the Claude API.

        Retired from the retirement date; deprecated from the published deprecation
        date. When a deprecation date was never published, the entry is only known to be
        deprecated from the day it was checked: before that it reads as active, never as
        deprecated on a guessed day.
        """
        if self.retires_on is not None and day >= self.retires_on:
            return RETIRED
        if self.status in (DEPRECATED, RETIRED):
            since = self.deprecated_on or self.checked_on
            if since is None or day >= since:
                return DEPRECATED
            if (
                self.deprecated_on is None
                and self.retires_on is not None
                and (self.retires_on - day).days <= ANNOUNCED_RETIREMENT_DAYS
            ):
                # A retirement date is announced with the deprecation: a date this close
                # was announced by then, even when the announcement date is not published.
                return DEPRECATED
            return ACTIVE
        if self.deprecated_on is not None and day >= self.deprecated_on:
            return DEPRECATED
        if self.status == LEGACY:
            return LEGACY
        return ACTIVE

    def platform(self, name: str) -> PlatformInfo | None:
        return next((p for p in self.platforms if p.platform == name), None)


@dataclass(frozen=True, slots=True)
class ParsedId:
    """The parts of a model ID that make two IDs comparable."""

    family: str
    version: tuple[int, int]
    snapshot: str
    """``YYYYMMDD`` or empty."""


def platform_of(text: str) -> str:
    """``bedrock``, ``vertex`` or ``anthropic``: whose ID syntax ``text`` uses."""
    raw = text.strip()
    if _ARN.match(raw) or "anthropic.claude" in raw:
        return "bedrock"
    if "@" in raw:
        return "vertex"
    return "anthropic"


def normalise(text: str) -> str:
    """The first-party form of a model ID written for the Claude API, Bedrock or Vertex AI.

    Unknown shapes are returned lower-cased and stripped, so callers can still group them.
    """
    raw = text.strip().strip("\"'`").lower()
    arn = _ARN.match(raw)
    if arn:
        raw = arn.group("tail")
    if "anthropic." in raw:
        tail = _CONTEXT_VARIANT.sub("", raw.split("anthropic.", 1)[1])
        legacy = _BEDROCK_LEGACY.get(tail) or _BEDROCK_LEGACY.get(tail.removesuffix(":0"))
        legacy = legacy or _BEDROCK_LEGACY.get(re.sub(r":\d+$", "", tail))
        if legacy:
            return legacy
    bedrock = _BEDROCK.match(raw)
    if bedrock:
        return bedrock.group("body")
    vertex = _VERTEX.match(raw)
    if vertex:
        return f"{vertex.group('body')}-{vertex.group('date')}"
    return raw


def parse_id(model_id: str) -> ParsedId | None:
    """Family, version and snapshot of a first-party-shaped ID, tolerating family typos."""
    text = normalise(model_id)
    legacy = _LEGACY_STYLE.match(text)
    if legacy:
        family = "instant" if legacy.group("instant") else "legacy"
        return ParsedId(family, (int(legacy.group("major")), int(legacy.group("minor"))), "")
    for pattern in (_OLD_STYLE, _NEW_STYLE):
        match = pattern.match(text)
        if not match:
            continue
        word = _family_word(match.group("family"))
        if word is None:
            continue
        minor = int(match.group("minor")) if match.group("minor") else 0
        return ParsedId(word, (int(match.group("major")), minor), match.group("date") or "")
    return None


def _family_word(word: str) -> str | None:
    if word in FAMILY_WORDS:
        return word
    close = difflib.get_close_matches(word, FAMILY_WORDS, n=1, cutoff=0.75)
    return close[0] if close else None


def _date(value: Any, field: str, model: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"model {model}: {field} {value!r} is not a YYYY-MM-DD date") from None


def _platforms(raw: Any, mid: str) -> tuple[PlatformInfo, ...]:
    if raw in (None, {}):
        return ()
    if not isinstance(raw, dict):
        raise ValueError(f"model {mid}: platforms must be an object")
    out = []
    for name, entry in sorted(raw.items()):
        if name not in ("bedrock", "vertex"):
            raise ValueError(f"model {mid}: unknown platform {name!r} (bedrock, vertex)")
        ids = entry.get("ids") if isinstance(entry, dict) else None
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise ValueError(f"model {mid}: platforms.{name}.ids must be a list of IDs")
        out.append(
            PlatformInfo(
                platform=name,
                ids=tuple(ids),
                retires_on=_date(entry.get("retires_on"), f"platforms.{name}.retires_on", mid),
                source=str(entry.get("source") or ""),
            )
        )
    return tuple(out)


def _model(entry: Any) -> ModelInfo:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise ValueError(f"catalogue entry without an id: {entry!r:.80}")
    mid = entry["id"]
    status = entry.get("status", ACTIVE)
    if status not in STATUSES:
        raise ValueError(f"model {mid}: unknown status {status!r} ({', '.join(STATUSES)})")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError(f"model {mid}: aliases must be a list of IDs")
    successor = entry.get("successor") or None
    if successor is not None and not isinstance(successor, str):
        raise ValueError(f"model {mid}: successor must be a model ID or null")
    return ModelInfo(
        id=mid,
        family=str(entry.get("family", "")),
        version=str(entry.get("version", "")),
        snapshot=_date(entry.get("snapshot"), "snapshot", mid),
        aliases=tuple(aliases),
        status=status,
        deprecated_on=_date(entry.get("deprecated_on"), "deprecated_on", mid),
        retires_on=_date(entry.get("retires_on"), "retires_on", mid),
        successor=successor,
        retire_not_before=_date(entry.get("retire_not_before"), "retire_not_before", mid),
        source=str(entry.get("source") or ""),
        checked_on=_date(entry.get("checked_on"), "checked_on", mid),
        note=str(entry.get("note") or ""),
        platforms=_platforms(entry.get("platforms"), mid),
    )


class Catalog:
    """Known model IDs, looked up by ID, alias or platform-specific form."""

    def __init__(
        self,
        models: tuple[ModelInfo, ...],
        checked_on: date,
        sources: tuple[str, ...],
        origin: str = "bundled",
    ) -> None:
        self.models = models
        self.checked_on = checked_on
        self.sources = sources
        self.origin = origin
        """``bundled`` or the path of the file given with ``--models-catalog``."""
        self._by_name: dict[str, ModelInfo] = {}
        self._by_platform_id: dict[str, ModelInfo] = {}
        for info in models:
            self._by_name[info.id] = info
            for alias in info.aliases:
                self._by_name[alias] = info
            for plat in info.platforms:
                for pid in plat.ids:
                    self._by_platform_id[pid.lower()] = info
        self._parsed = [(info, parse_id(info.id)) for info in models]

    @classmethod
    def from_dict(cls, data: Any, origin: str = "bundled") -> Catalog:
        """Build from the JSON shape; raises ValueError naming what is wrong."""
        if not isinstance(data, dict) or not isinstance(data.get("models"), list):
            raise ValueError("catalogue must be an object with a 'models' list")
        version = data.get("schema_version", 1)
        if version != 1:
            raise ValueError(f"catalogue schema_version {version!r} is not supported (1)")
        checked = _date(data.get("checked_on"), "checked_on", "catalogue")
        if checked is None:
            raise ValueError("catalogue has no checked_on date")
        models = tuple(_model(e) for e in data["models"])
        seen: set[str] = set()
        for info in models:
            for name in (info.id, *info.aliases):
                if name in seen:
                    raise ValueError(f"model {name} is listed twice")
                seen.add(name)
        return cls(models, checked, tuple(str(s) for s in data.get("sources", ())), origin)

    def lookup(self, model_id: str) -> ModelInfo | None:
        """The model an ID, alias, Bedrock or Vertex form names; None when unknown."""
        written = model_id.strip().strip("\"'`").lower()
        arn = _ARN.match(written)
        if arn:
            written = arn.group("tail")
        listed = self._by_platform_id.get(written)
        region = _REGION_PREFIX.match(written) if listed is None else None
        if region:  # cross-region inference profiles (us., eu., global.) prefix the base ID
            listed = self._by_platform_id.get(written[region.end() :])
        return listed or self._by_name.get(normalise(model_id))

    def age_days(self, day: date) -> int:
        """Days between the catalogue's check and ``day`` (negative when ``day`` is older)."""
        return (day - self.checked_on).days

    def is_alias(self, model_id: str) -> bool:
        info = self.lookup(model_id)
        return info is not None and normalise(model_id) != info.id

    def nearest(self, model_id: str) -> ModelInfo | None:
        """The real model an unknown ID most plausibly meant.

        Compares family, then version, then snapshot date, the way a person misremembers
        an ID (``claude-3-5-sonnet-20250219`` is a 3.5 Sonnet with a wrong date, so the
        closest-dated 3.5 Sonnet), and only falls back to spelling similarity when the
        ID cannot be parsed at all.
        """
        known = self.lookup(model_id)
        if known is not None:
            return known
        parsed = parse_id(model_id)
        if parsed is not None:
            same_family = [(i, p) for i, p in self._parsed if p and p.family == parsed.family]
            if same_family:
                return min(same_family, key=lambda ip: _distance(parsed, ip[1]))[0]
        names = sorted(self._by_name)
        close = difflib.get_close_matches(normalise(model_id), names, n=1, cutoff=0.6)
        return self._by_name[close[0]] if close else None

    def beyond_catalogue(self, model_id: str) -> bool:
        """True when an unknown ID looks newer than anything the catalogue knows.

        Such an ID may be a real model released after ``checked_on``, so calling it
        invented would be overconfident.
        """
        parsed = parse_id(model_id)
        if parsed is None or parsed.family in ("legacy", "instant"):
            return False
        if parsed.snapshot and parsed.snapshot > self.checked_on.strftime("%Y%m%d"):
            return True
        versions = [p.version for _, p in self._parsed if p and p.family == parsed.family]
        return bool(versions) and parsed.version > max(versions)

    def looks_like_model_id(self, text: str) -> bool:
        """Whether ``text`` is (meant to be) one Anthropic model ID, not prose or a product.

        Accepts first-party IDs and aliases, Bedrock IDs and ARNs (``anthropic.claude-…``),
        Vertex IDs (``claude-…@YYYYMMDD``), and unknown IDs shaped like real ones (family
        word, possibly misspelt, plus a version). ``claude-code`` or ``Claude`` are not IDs.
        """
        raw = text.strip()
        if not raw or len(raw) > 200 or any(c.isspace() for c in raw):
            return False
        arn = _ARN.match(raw)
        if arn:
            raw = arn.group("tail")
        if not (raw.startswith("claude-") or "anthropic.claude-" in raw):
            return False
        if self.lookup(raw) is not None:
            return True
        if _BEDROCK.match(raw) is None and _VERTEX.match(raw) is None and raw != raw.lower():
            return False
        return parse_id(raw) is not None

    def replacement(self, info: ModelInfo, on: date) -> str | None:
        """What to use instead of ``info`` on day ``on``: its successor, followed until one is
        neither deprecated nor retired then (a recommended replacement can age too)."""
        seen = {info.id}
        name = info.successor
        current = self.lookup(name) if name else None
        while name and current is not None and current.status_on(on) in (DEPRECATED, RETIRED):
            if current.id in seen or not current.successor:
                break
            seen.add(current.id)
            name = current.successor
            current = self.lookup(name)
        return name


def _distance(want: ParsedId, have: ParsedId | None) -> tuple[int, int, int]:
    if have is None:
        return (10**6, 10**9, 0)
    version_gap = abs(
        (want.version[0] * 10 + want.version[1]) - (have.version[0] * 10 + have.version[1])
    )
    if want.snapshot and have.snapshot:
        day_gap = abs(_days(want.snapshot) - _days(have.snapshot))
    else:
        day_gap = 0 if not want.snapshot and not have.snapshot else 1
    # Ties go to the newer model: it is the one more likely to still work.
    newer = -int(have.snapshot or "0")
    return (version_gap, day_gap, newer)


def _days(yyyymmdd: str) -> int:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])).toordinal()
    except ValueError:
        # An impossible date (e.g. 20250231) still sorts by its digits.
        return int(yyyymmdd[:4]) * 372 + int(yyyymmdd[4:6]) * 31 + int(yyyymmdd[6:])


_override: Catalog | None = None


def read_catalog_file(path: str | Path) -> Catalog:
    """A catalogue file in the published schema; raises ValueError naming the problem."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{name}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{name}: cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name}: not JSON: {exc}") from None
    try:
        return Catalog.from_dict(data, origin=name)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def use_catalog(catalog: Catalog | None) -> None:
    """Make ``catalog`` the one every check and ``opsdoc fix`` read (None: the bundled one)."""
    global _override
    _override = catalog


def load_catalog() -> Catalog:
    """The catalogue in force: a ``--models-catalog`` file when one was given, else the
    bundled one (read once per process)."""
    return _override if _override is not None else bundled_catalog()


@lru_cache(maxsize=1)
def bundled_catalog() -> Catalog:
    """The catalogue shipped with opsdoc."""
    # A plain path, not importlib.resources: the package is always installed as files,
    # and importlib.resources costs more start-up time than all the checks together.
    text = (Path(__file__).parent / "catalog.json").read_text(encoding="utf-8")
    return Catalog.from_dict(json.loads(text))


def schema_path() -> Path:
    """The JSON schema that catalogue files follow (shipped with the package)."""
    return Path(__file__).parent / SCHEMA_FILE
