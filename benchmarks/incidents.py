"""Score an opsdoc installation on an incident corpus (root cause first, controls quiet).

    python benchmarks/incidents.py                       # the corpus in tests/incidents
    python benchmarks/incidents.py CORPUS --python PY    # another corpus, another install
    python benchmarks/incidents.py --quiet               # the score line only

``--python`` names the interpreter whose ``opsdoc`` is scored, so an older release
installed in another virtual environment gives the "before" figure of a change.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from incident_corpus import CORPUS, cases, run_all, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--python", default=sys.executable, help="interpreter with opsdoc")
    parser.add_argument("--quiet", action="store_true", help="print the score line only")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    outcomes = run_all(cases(args.corpus), args.python, args.jobs)
    if not args.quiet:
        for o in outcomes:
            print(("PASS " if o.passed else "FAIL ") + (o.case.name if o.passed else o.explain()))
    print(score(outcomes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
