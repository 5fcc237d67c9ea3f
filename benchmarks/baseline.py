"""Whole `hintcheck` runs in this tree beside the same runs in a baseline install, alternating.

For a refactor that must not slow anything down: each command runs as a
fresh process, in turn with this tree's interpreter and the baseline's, so
both see the same machine load; the figures are medians of wall seconds,
CPU seconds (user + system, less sensitive to a busy machine) and peak RSS.
The baseline is any other install of hintcheck, for example a worktree of
the previous commit in its own virtual environment:

    git worktree add ../base HEAD~1 && python -m venv ../venv-base && ../venv-base/bin/pip install -e ../base
    python benchmarks/baseline.py --baseline ../venv-base/bin/python
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = {
    "check reference undo N=4 (vector)": ["check", "--model", "reference", "--policy", "undo", "-p", "pages=4"],
    "check reference undo N=4 --engine explore": ["check", "--model", "reference", "--policy", "undo",
                                                  "-p", "pages=4", "--engine", "explore"],
    "check pseries undo N=3 --symmetry": ["check", "--model", "pseries", "--policy", "undo", "-p", "pages=3",
                                          "--symmetry"],
    "prove reference undo --depth 8 --bmc-only": ["prove", "--model", "reference", "--policy", "undo",
                                                  "--depth", "8", "--bmc-only"],
}


def timed(python: str, args: list[str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, peak RSS (bytes) and exit status of one run."""
    with tempfile.TemporaryDirectory() as scratch:
        cmd = [python, "-c", "from hintcheck.cli import main; main()", *args, "--trace-dir", scratch]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", required=True, help="the baseline install's Python interpreter")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", help="run only the commands whose label contains this text")
    args = ap.parse_args()
    pythons = {"this tree": sys.executable, "baseline": args.baseline}
    print(f"{'command':<46} {'install':<10} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}")
    for label, cmd in COMMANDS.items():
        if args.only and args.only not in label:
            continue
        runs: dict[str, list[tuple[float, float, int, int]]] = {k: [] for k in pythons}
        for _ in range(args.repeat):
            for name, python in pythons.items():
                runs[name].append(timed(python, cmd))
        codes = {name: {r[3] for r in rs} for name, rs in runs.items()}
        for name, rs in runs.items():
            wall, cpu, peak = (statistics.median(r[i] for r in rs) for i in range(3))
            print(f"{label:<46} {name:<10} {wall:8.2f} {cpu:8.2f} {peak / 2**20:9.0f}")
        ratio = statistics.median(r[1] for r in runs["this tree"]) / statistics.median(r[1] for r in runs["baseline"])
        same = "same exit status" if codes["this tree"] == codes["baseline"] else f"EXIT STATUS DIFFERS {codes}"
        print(f"{'':<46} cpu ratio this/baseline {ratio:.2f}; {same}")


if __name__ == "__main__":
    main()
