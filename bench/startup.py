"""Start-up cost: how long a fresh interpreter takes to import ModelPath's packages.

    python bench/startup.py            # 5 runs of each, the median kept
    python bench/startup.py --runs 9

Each line starts a new Python process (nothing is cached in memory between runs) and reports
the median wall time of importing one thing, beside ``import sklearn, pandas`` — the floor
every command pays — so the ratio says what ModelPath adds on top of its own dependencies.
``python -m core --help`` is the cheapest command: everything it costs is start-up.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES = {
    "import sklearn, pandas (reference)": ["-c", "import sklearn, pandas"],
    "import core.data": ["-c", "import core.data"],
    "import core.prepare": ["-c", "import core.prepare"],
    "import core.evaluate": ["-c", "import core.evaluate"],
    "import core.deliver": ["-c", "import core.deliver"],
    "import every core package": [
        "-c",
        "import core.data, core.understand, core.prepare, core.model, core.evaluate, "
        "core.deliver, core.learn, core.cli",
    ],
    "python -m core --help": ["-m", "core", "--help"],
}


def _seconds(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    medians = {}
    for label, args in CASES.items():
        # Interleaving would be fairer under load; a warm-up run fills the OS file cache first.
        _seconds(args)
        medians[label] = statistics.median(_seconds(args) for _ in range(options.runs))
    floor = medians["import sklearn, pandas (reference)"]
    print(f"{'what':<40} {'median s':>9} {'÷ reference':>12}")
    for label, seconds in medians.items():
        print(f"{label:<40} {seconds:>9.2f} {seconds / floor:>12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
