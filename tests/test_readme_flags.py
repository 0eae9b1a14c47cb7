"""The README and the parser agree: every flag the README shows exists, and every
``diagnose`` flag is in the README's option table (a flag nobody can find is no flag)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from opsdoc.cli import build_parser

README = (Path(__file__).parent.parent / "README.md").read_text()
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def subparser(command: str) -> argparse.ArgumentParser:
    parser = build_parser(command)
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    chosen: argparse.ArgumentParser = sub.choices[command]
    return chosen


def flags(parser: argparse.ArgumentParser) -> set[str]:
    out = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                out |= flags(child)
    return out - {"--help"}


def diagnose_table() -> str:
    section = README.split("### `opsdoc diagnose", 1)[1].split("\n### ", 1)[0]
    start = section.index("| option | meaning |")
    return section[start:].split("\n\n", 1)[0]


def test_every_diagnose_flag_is_in_the_readme_table_and_back() -> None:
    documented = {
        f for line in diagnose_table().splitlines() for f in FLAG.findall(line.split(" | ")[0])
    }
    parser = flags(subparser("diagnose"))
    assert parser - documented == set(), "flags missing from the README's diagnose table"
    assert documented - parser == set(), "the README's diagnose table shows flags that do not exist"


def test_every_flag_the_readme_uses_with_a_command_exists() -> None:
    commands = (
        "diagnose",
        "tui",
        "snapshot",
        "fix",
        "smoke",
        "checks",
        "runbook",
        "demo",
        "worker",
    )
    known = {c: flags(subparser(c)) for c in commands}
    wrong = []
    for line in README.splitlines():
        for m in re.finditer(r"opsdoc (" + "|".join(commands) + r")\b([^`\n]*)", line):
            command, rest = m.group(1), m.group(2)
            rest = rest.split("opsdoc ", 1)[0]  # another command on the same line
            for flag in FLAG.findall(rest):
                if flag not in known[command] | {"--help"}:
                    wrong.append(f"opsdoc {command} {flag}: {line.strip()[:80]}")
    assert wrong == []
