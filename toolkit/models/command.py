"""``opsdoc models``: the model catalogue as of a day, for people and for scripts.

Shows what the M checks and ``opsdoc fix`` believe: each model's status on ``--as-of``,
its dates, successor, partner-platform IDs and dates, the page each fact comes from and
when it was checked, the catalogue's own age, and what the installed anthropic SDK lists.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from typing import Any


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of", metavar="TIMESTAMP", help="day to judge status on (default: today)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--models-catalog",
        metavar="FILE",
        help="show this catalogue file instead of the bundled one",
    )
    parser.add_argument(
        "--schema", action="store_true", help="print the JSON schema catalogue files follow"
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def catalogue_view(day: date) -> dict[str, Any]:
    """The catalogue in force, judged on ``day``, as plain data (the JSON output)."""
    from opsdoc.models.catalog import STALE_AFTER_DAYS, load_catalog
    from opsdoc.models.sdk import installed_sdk

    catalog = load_catalog()
    sdk = installed_sdk()
    models = []
    for info in catalog.models:
        models.append(
            {
                "id": info.id,
                "aliases": list(info.aliases),
                "family": info.family,
                "version": info.version,
                "status": info.status_on(day),
                "deprecated_on": _iso(info.deprecated_on),
                "retires_on": _iso(info.retires_on),
                "retire_not_before": _iso(info.retire_not_before),
                "successor": info.successor,
                "replacement": catalog.replacement(info, day),
                "platforms": {
                    p.platform: {
                        "ids": list(p.ids),
                        "retires_on": _iso(p.retires_on),
                        "source": p.source or None,
                    }
                    for p in info.platforms
                },
                "source": info.source,
                "checked_on": _iso(info.checked_on),
                "note": info.note,
                "in_sdk": sdk.knows(info.id) or any(sdk.knows(a) for a in info.aliases),
            }
        )
    known = {n for i in catalog.models for n in (i.id, *i.aliases)}
    age = catalog.age_days(day)
    return {
        "as_of": day.isoformat(),
        "catalogue": {
            "origin": catalog.origin,
            "checked_on": catalog.checked_on.isoformat(),
            "age_days": age,
            "stale": age > STALE_AFTER_DAYS,
            "sources": list(catalog.sources),
        },
        "sdk": {
            "version": sdk.version or None,
            "ids": sorted(sdk.ids),
            "end_of_life": {k: _iso(v) for k, v in sorted(sdk.end_of_life.items())},
            "unknown_to_catalogue": sorted(
                i for i in (*sdk.ids, *sdk.end_of_life) if i not in known
            ),
        },
        "models": models,
    }


def _text(view: dict[str, Any]) -> str:
    cat = view["catalogue"]
    lines = [
        f"Model catalogue ({cat['origin']}) checked on {cat['checked_on']},"
        f" {cat['age_days']} day(s) before {view['as_of']}"
        + (" - older than 120 days: newer models are unknown to it" if cat["stale"] else ""),
    ]
    for m in view["models"]:
        dates = []
        if m["deprecated_on"]:
            dates.append(f"deprecated {m['deprecated_on']}")
        elif m["status"] in ("deprecated", "retired"):
            dates.append("deprecation date not published")
        if m["retires_on"]:
            dates.append(f"retires {m['retires_on']}")
        if m["retire_not_before"]:
            dates.append(f"retires not before {m['retire_not_before']}")
        head = f"{m['id']:<30} {m['status']:<10} {', '.join(dates)}"
        if m["replacement"]:
            head += f" -> {m['replacement']}"
        lines.append(head.rstrip())
        if m["aliases"]:
            lines.append(f"    aliases: {', '.join(m['aliases'])}")
        for name, plat in m["platforms"].items():
            when = plat["retires_on"] or "retirement date not published"
            lines.append(f"    {name}: {', '.join(plat['ids'])} ({when})")
        lines.append(f"    source: {m['source']} (checked {m['checked_on']})")
        if m["note"]:
            lines.append(f"    note: {m['note']}")
    sdk = view["sdk"]
    if sdk["version"]:
        lines.append(f"anthropic SDK {sdk['version']}: {len(sdk['ids'])} model IDs listed")
        for mid, eol in sdk["end_of_life"].items():
            lines.append(f"    {mid}: end of life {eol or 'date not understood'} (SDK table)")
        if sdk["unknown_to_catalogue"]:
            lines.append(f"    not in the catalogue: {', '.join(sdk['unknown_to_catalogue'])}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from opsdoc.cli import parse_as_of, use_models_catalog
    from opsdoc.models.catalog import schema_path

    if args.schema:
        sys.stdout.write(schema_path().read_text(encoding="utf-8"))
        return 0
    use_models_catalog(args.models_catalog)
    day = (parse_as_of(args.as_of) if args.as_of else datetime.now(UTC)).date()
    view = catalogue_view(day)
    if args.format == "json":
        sys.stdout.write(json.dumps(view, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(_text(view))
    return 0
