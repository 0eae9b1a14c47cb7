"""Configuration: ``[tool.opsdoc]`` in pyproject.toml or an ``opsdoc.toml``; flags win.

Unknown keys are errors, not silently ignored: a typo in a threshold must not
quietly change what opsdoc reports.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opsdoc.findings import Severity


class ConfigError(Exception):
    """A configuration problem: reported as one line, exit 2."""


MAX_SMALL_FILE = 1 << 20
"""Bytes read from a config or ignore file: a .gitignore symlinked to /dev/zero must
cost a megabyte, not the machine's memory."""


class SmallFileError(OSError):
    """A config or ignore file that is not a plain, small file."""


def read_small_file(
    path: str | os.PathLike[str], limit: int = MAX_SMALL_FILE, *, follow: bool = False
) -> bytes:
    """A config or ignore file's bytes: only a regular file, at most ``limit`` bytes (a
    longer one raises `SmallFileError`), and never through a symbolic link unless
    ``follow`` (a file the user named): the target must then be a regular file too."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise SmallFileError(f"{os.fspath(path)}: a symbolic link; not followed") from None
        raise exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SmallFileError(f"{os.fspath(path)}: not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise SmallFileError(f"{os.fspath(path)}: larger than {limit >> 10} KB")
    return b"".join(chunks)


def _toml(path: Path, follow: bool = False) -> dict[str, Any]:
    """Parse a TOML config file within the limits; errors as `ConfigError`."""
    name = str(path)
    try:
        return tomllib.loads(read_small_file(path, follow=follow).decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{name}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: invalid TOML: {exc}") from None
    except (RecursionError, MemoryError):
        raise ConfigError(f"{name}: invalid TOML: nested too deeply") from None


THRESHOLDS: dict[str, tuple[float, str]] = {
    "lb_timeout_s": (60.0, "typical load-balancer/client timeout a request should stay under"),
    "request_timeout_ratio": (0.9, "latency / service timeout ratio that counts as near the limit"),
    "execution_failures_min": (2, "failed executions (same reason) before E001 fires"),
    "restart_grace_s": (
        5.0,
        "seconds after a request starts before a restart counts as mid-flight",
    ),
    "model_retirement_warn_days": (90, "days before a model's retirement M002 starts warning"),
    "model_hardcoded_min_sites": (3, "code sites with the same model ID before M005 fires"),
    "heartbeat_period_s": (60.0, "expected heartbeat/status period"),
    "heartbeat_grace_s": (120.0, "extra time before a heartbeat counts as stale"),
    "rq_default_timeout_s": (180.0, "RQ's default job timeout"),
    "backlog_age_s": (600.0, "oldest message age that counts as a stuck backlog"),
    "unconsumed_age_s": (
        180.0,
        "oldest job age before a backlog without a consumer counts (Q001): a fresh job may "
        "simply not have been picked up yet",
    ),
}
"""Per-check thresholds: name -> (default, meaning). Config keys use dashes or underscores."""


@dataclass
class Config:
    """Effective configuration after merging file and flags."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    """Codes added to `select` (or to the default, every check)."""
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    """Paths and globs (relative to PATH) the code scan skips; replaces the default (none)."""
    extend_exclude: list[str] = field(default_factory=list)
    """More paths and globs to skip, on top of `exclude`."""
    as_of: datetime | None = None
    """Reference time for ages (post-mortems); None: now, or the evidence's own end."""
    fail_on: Severity = Severity.ERROR
    timeout_s: float = 60.0
    evidence: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    """Glob (relative to PATH) -> codes suppressed for findings on matching paths."""
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    disable_plugins: list[str] = field(default_factory=list)
    redis: list[str] = field(default_factory=list)
    """Live Redis URLs to probe (read-only)."""
    gcp_project: str = ""
    region: str = ""
    subscriptions: list[str] = field(default_factory=list)
    """Pub/Sub subscriptions to read configuration and backlog of (names or full paths)."""
    status_files: list[str] = field(default_factory=list)
    """Heartbeat/status files of local workers (read like evidence, relative to the config)."""
    processes: list[str] = field(default_factory=list)
    """Command-line substrings of local worker processes to look up (H001 hung vs H002 dead)."""
    models_catalog: str = ""
    """A model catalogue file to use instead of the bundled one (relative to the config)."""
    source: str = ""
    """The file the configuration came from, for messages."""

    def settings(self) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, (v, _) in THRESHOLDS.items()}
        merged.update(self.thresholds)
        return merged


_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "exclude",
    "extend-exclude",
    "as-of",
    "fail-on",
    "timeout",
    "evidence",
    "per-file-ignores",
    "severity-overrides",
    "thresholds",
    "disable-plugins",
    "redis",
    "gcp-project",
    "region",
    "subscriptions",
    "status-files",
    "processes",
    "models-catalog",
}


def _norm(key: str) -> str:
    return key.replace("-", "_")


def _codes(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of codes")
    return [v.strip().upper() for v in value]


def find_config(root: Path) -> Path | None:
    """The nearest config at or above ``root``, as ruff finds its own: in each directory
    from ``root`` up, ``opsdoc.toml`` wins over a ``pyproject.toml`` that has
    ``[tool.opsdoc]``; the first directory with either decides."""
    start = root if root.is_dir() else root.parent
    try:
        start = start.resolve()
    except OSError:
        return None
    for directory in (start, *start.parents):
        found = _config_in(directory)
        if found is not None:
            return found
    return None


def _config_in(directory: Path) -> Path | None:
    candidate = directory / "opsdoc.toml"
    if candidate.is_file():
        return candidate
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = _toml(pyproject)
        except ConfigError:
            return None  # not ours to judge unless it declares [tool.opsdoc]
        if "opsdoc" in data.get("tool", {}):
            return pyproject
    return None


def parse_as_of(text: str) -> datetime:
    """ISO-8601 timestamp; a naive one is taken as UTC. ValueError otherwise."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not an ISO-8601 timestamp: {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return list(value)


def load_config(path: Path | None, explicit: bool = False) -> Config:
    """Parse a config file; ``None`` gives the defaults.

    ``explicit``: the user named this file (``--config``), so a symbolic link to it is
    followed; a discovered config file is never read through one."""
    config = Config()
    if path is None:
        return config
    name = str(path)
    data = _toml(path, follow=explicit)
    table = data.get("tool", {}).get("opsdoc") if path.name == "pyproject.toml" else data
    if path.name != "pyproject.toml" and "tool" in data and "opsdoc" in data["tool"]:
        table = data["tool"]["opsdoc"]
    if table is None:
        return config
    if not isinstance(table, dict):
        raise ConfigError(f"{name}: [tool.opsdoc] must be a table")
    config.source = name
    unknown = sorted(set(table) - _KEYS - {_norm(k) for k in _KEYS})
    if unknown:
        raise ConfigError(f"{name}: unknown key(s) {', '.join(unknown)}")
    t = {k.replace("_", "-"): v for k, v in table.items()}
    if "select" in t:
        config.select = _codes(t["select"], f"{name}: select")
    if "extend-select" in t:
        config.extend_select = _codes(t["extend-select"], f"{name}: extend-select")
    if "ignore" in t:
        config.ignore = _codes(t["ignore"], f"{name}: ignore")
    for key in ("exclude", "extend-exclude"):
        if key in t:
            setattr(config, _norm(key), _strings(t[key], f"{name}: {key}"))
    if "as-of" in t:
        value = t["as-of"]
        if isinstance(value, datetime):  # TOML has a native date-time
            config.as_of = value if value.tzinfo else value.replace(tzinfo=UTC)
        elif isinstance(value, str):
            try:
                config.as_of = parse_as_of(value)
            except ValueError as exc:
                raise ConfigError(f"{name}: as-of: {exc}") from None
        else:
            raise ConfigError(f"{name}: as-of must be an ISO-8601 timestamp")
    if "fail-on" in t:
        try:
            config.fail_on = Severity.parse(str(t["fail-on"]))
        except ValueError as exc:
            raise ConfigError(f"{name}: fail-on: {exc}") from None
    if "timeout" in t:
        if not isinstance(t["timeout"], int | float) or t["timeout"] <= 0:
            raise ConfigError(f"{name}: timeout must be a positive number of seconds")
        config.timeout_s = float(t["timeout"])
    if "evidence" in t:
        ev = t["evidence"]
        if isinstance(ev, str):
            ev = [ev]
        if not isinstance(ev, list) or not all(isinstance(e, str) for e in ev):
            raise ConfigError(f"{name}: evidence must be a list of paths")
        base = path.parent
        config.evidence = [str(base / e) if not Path(e).is_absolute() else e for e in ev]
    if "per-file-ignores" in t:
        pfi = t["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{name}: per-file-ignores must be a table of glob = [codes]")
        config.per_file_ignores = {
            g: _codes(c, f"{name}: per-file-ignores.{g}") for g, c in pfi.items()
        }
    if "severity-overrides" in t:
        so = t["severity-overrides"]
        if not isinstance(so, dict):
            raise ConfigError(f"{name}: severity-overrides must be a table of CODE = severity")
        for code, sev in so.items():
            try:
                config.severity_overrides[code.upper()] = Severity.parse(str(sev))
            except ValueError as exc:
                raise ConfigError(f"{name}: severity-overrides.{code}: {exc}") from None
    if "thresholds" in t:
        th = t["thresholds"]
        if not isinstance(th, dict):
            raise ConfigError(f"{name}: thresholds must be a table")
        for key, value in th.items():
            k = _norm(key)
            if k not in THRESHOLDS:
                known = ", ".join(sorted(THRESHOLDS))
                raise ConfigError(f"{name}: unknown threshold {key!r} (known: {known})")
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ConfigError(f"{name}: thresholds.{key} must be a number")
            config.thresholds[k] = value
    for key in ("redis", "subscriptions", "status-files", "processes"):
        if key in t:
            value = [t[key]] if isinstance(t[key], str) else t[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{name}: {key} must be a list of strings")
            if key == "status-files":
                value = [str(path.parent / v) if not Path(v).is_absolute() else v for v in value]
            setattr(config, _norm(key), value)
    for key in ("gcp-project", "region"):
        if key in t:
            if not isinstance(t[key], str):
                raise ConfigError(f"{name}: {key} must be a string")
            setattr(config, _norm(key), t[key])
    if "models-catalog" in t:
        if not isinstance(t["models-catalog"], str):
            raise ConfigError(f"{name}: models-catalog must be a path")
        mc = t["models-catalog"]
        config.models_catalog = str(path.parent / mc) if not Path(mc).is_absolute() else mc
    if "disable-plugins" in t:
        dp = t["disable-plugins"]
        if not isinstance(dp, list) or not all(isinstance(d, str) for d in dp):
            raise ConfigError(f"{name}: disable-plugins must be a list of names")
        config.disable_plugins = dp
    return config
