"""Structure-aware fuzzing of every export shape the reader accepts (issue 15).

Each example takes a real export (gcloud log lists, job/service/execution/subscription
describes in JSON and YAML, heartbeat and status files, an opsdoc snapshot) and swaps
values deep inside it for values of other types, then reads the file. The reader must
never raise, and every problem it reports must say what was expected, not repeat a
raw Python exception. Bounded in count, without deadlines, and derandomised (a fixed
seed) so CI runs the same examples every time. The byte-level fuzz in
``test_exports.py`` stays.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsdoc.sources.exports.reader import read_export

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
EXAMPLES = int(os.environ.get("OPSDOC_FUZZ_EXAMPLES", "200"))

RAW_EXCEPTION = (
    "object has no attribute",
    "unhashable type",
    "not subscriptable",
    "object is not iterable",
    "argument must be",
    "could not read (",
    "Traceback",
)


def _templates() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix == ".json":
            out.append((path.name, json.loads(path.read_text())))
        elif path.suffix == ".yaml":
            docs = list(yaml.safe_load_all(path.read_text()))
            out.append((path.name, docs[0] if len(docs) == 1 else docs))
    out.append(
        (
            "snapshot.json",
            {
                "opsdoc_snapshot": 1,
                "as_of": "2026-11-22T10:00:00Z",
                "records": [
                    {"kind": "QueueStats", "queue": "default", "depth": 5, "backend": "rq"}
                ],
            },
        )
    )
    return out


TEMPLATES = _templates()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(obj, dict):
        for key, value in obj.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(obj, list):
        for index, value in enumerate(obj[:5]):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _replace(obj: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(obj, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in obj.items()}
    return [_replace(v, rest, value) if i == head else v for i, v in enumerate(obj)]


@st.composite
def mutated_exports(draw: st.DrawFn) -> tuple[str, bytes]:
    name, doc = draw(st.sampled_from(TEMPLATES))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths[1:] or paths))
        doc = _replace(doc, path, draw(json_values))
    layout = draw(st.sampled_from(["gcloud", "compact", "yaml"]))
    if layout == "yaml":
        return name, yaml.safe_dump(doc, sort_keys=False).encode()
    indent = 2 if layout == "gcloud" else None
    return name, json.dumps(doc, indent=indent).encode()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),  # bounded by count; load must not fail it
)
@given(mutated_exports())
def test_mutated_exports_give_records_or_clear_problems(export: tuple[str, bytes]) -> None:
    name, data = export
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as fh:
            fh.write(data)
        outcome = read_export(path, name, AS_OF)
    for problem in outcome.problems:
        assert not any(marker in problem for marker in RAW_EXCEPTION), problem
