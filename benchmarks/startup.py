"""Start-up cost: `opsdoc --version` and `opsdoc checks` as a ratio to `python -c pass`.

Target: <= 3x. Heavy clients (anthropic, google-cloud-*, redis, textual) must
not be imported by these commands; this prints the wall times (best of N).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time


def best_of(cmd: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    base = best_of([py, "-c", "pass"], args.runs)
    print(f"python -c pass        {base * 1000:7.1f} ms")
    for label, cmd in (
        ("opsdoc --version", [py, "-m", "opsdoc", "--version"]),
        ("opsdoc checks", [py, "-m", "opsdoc", "checks"]),
    ):
        t = best_of(cmd, args.runs)
        print(f"{label:<21} {t * 1000:7.1f} ms  {t / base:4.1f}x  (target <= 3x)")


if __name__ == "__main__":
    main()
