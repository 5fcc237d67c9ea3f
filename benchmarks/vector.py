"""Vector engine figures for the reference model (undo, R = 2), beside the plain engine, SPIN and Rumur.

Prints, for each configuration: distinct states, seconds, states/s, bytes
per stored state (peak RSS growth over the process's RSS before the search,
divided by the states) and peak RSS. Every run is a fresh process (the
plain engine's runs go through benchmarks/explore.py), so peak RSS belongs
to that run alone. All baselines run in the same invocation, because the
machine is shared and timings drift.

SPIN and Rumur explore the same transition system, transcribed in
benchmarks/external/reference.pml and reference.m; their time is the
search alone (the generated C verifier is compiled before the clock
starts), SPIN with its default depth-first search, Rumur with its default
thread count. When the `spin` or `rumur` command is missing the row is
skipped with a note (Debian: `apt-get install spin rumur`, plus a C compiler).

    python benchmarks/vector.py                   # N = 3, 4 (+ symmetry 3..5), then N = 5; external tools at N = 3, 4
    python benchmarks/vector.py --external-n5     # also SPIN and Rumur at N = 5 (tens of minutes, GiBs)
    python benchmarks/vector.py --upto 4          # everything but the N = 5 run without symmetry
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import explore as plain_bench  # noqa: E402 -- benchmarks/explore.py: the plain engine's runner and row format

EXTERNAL = HERE / "external"
POLICY_NUMBER = {"rfc": 0, "undo": 1, "lazy": 2}
HEADER = f"{'reference, R = 2':<34} {'states':>12} {'seconds':>9} {'states/s':>12} {'B/state':>9} {'peak MiB':>9}"


def one(policy: str, pages: int, symmetry: bool) -> dict:
    """Run the vector engine once in this process and return its figures."""
    from hintcheck.floor import Budget
    from hintcheck.model.registry import load_spec
    from hintcheck.vector import explore_vector
    model = load_spec("reference").build(policy, {"pages": pages, "rounds": 2})
    before = plain_bench._rss()
    result = explore_vector(model, model.property_named("no_data_loss"), Budget(keep_going=True),
                            symmetry=symmetry)
    peak = plain_bench._rss()
    return {"states": result.stats.states, "seconds": result.stats.seconds, "peak": peak,
            "per_state": (peak - before) / max(result.stats.states, 1)}


def run_vector(policy: str, pages: int, symmetry: bool = False) -> dict:
    args = [sys.executable, __file__, "--one", json.dumps([policy, pages, symmetry])]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def _timed(cmd: list[str], cwd: str) -> tuple[str, float, int]:
    """Output, wall seconds and peak RSS (bytes) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return out, time.perf_counter() - started, usage.ru_maxrss * 1024


def run_spin(policy: str, pages: int) -> dict | str:
    """SPIN's depth-first search of benchmarks/external/reference.pml (search time only)."""
    if not (shutil.which("spin") and shutil.which("cc")):
        return "spin or cc not installed: apt-get install spin gcc"
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(EXTERNAL / "reference.pml", tmp)
        subprocess.run(["spin", "-a", f"-DN={pages}", f"-DPOLICY={POLICY_NUMBER[policy]}", "reference.pml"],
                       cwd=tmp, check=True, capture_output=True)
        subprocess.run(["cc", "-O3", "-DSAFETY", "-DMEMLIM=22000", "-o", "pan", "pan.c"],
                       cwd=tmp, check=True, capture_output=True)
        width = 28 if pages >= 5 else 24
        out, seconds, peak = _timed(["./pan", "-m10000000", f"-w{width}"], tmp)
    found = re.search(r"(\d+) states, stored", out)
    if not found or "errors: 0" not in out:
        return f"SPIN did not finish cleanly: {out.strip().splitlines()[-1] if out.strip() else 'no output'}"
    return {"states": int(found.group(1)), "seconds": seconds, "peak": peak, "per_state": peak / int(found.group(1))}


def run_rumur(policy: str, pages: int, symmetry: bool) -> dict | str:
    """Rumur's search of benchmarks/external/reference.m (search time only)."""
    if not (shutil.which("rumur") and shutil.which("cc")):
        return "rumur or cc not installed: apt-get install rumur gcc"
    text = (EXTERNAL / "reference.m").read_text()
    text = re.sub(r"(?m)^  N: \d+;", f"  N: {pages};", text)
    text = re.sub(r"(?m)^  POLICY: \d+;", f"  POLICY: {POLICY_NUMBER[policy]};", text)
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "reference.m").write_text(text)
        subprocess.run(["rumur", "--deadlock-detection=off",
                        f"--symmetry-reduction={'exhaustive' if symmetry else 'off'}",
                        "--output=ref.c", "reference.m"], cwd=tmp, check=True, capture_output=True)
        subprocess.run(["cc", "-std=c11", "-O3", "-march=native", "-mcx16", "-o", "ref", "ref.c", "-lpthread"],
                       cwd=tmp, check=True, capture_output=True)
        out, seconds, peak = _timed(["./ref"], tmp)
    found = re.search(r"(\d+) states, \d+ rules fired", out)
    if not found or "No error found" not in out:
        return "Rumur did not finish cleanly"
    return {"states": int(found.group(1)), "seconds": seconds, "peak": peak, "per_state": peak / int(found.group(1))}


def compare(label: str, vector: dict, other: dict | str, problems: list[str]) -> None:
    """Print an external tool's row and the vector/tool time ratio; note disagreements."""
    if isinstance(other, str):
        print(f"{label:<34} skipped: {other}")
        return
    plain_bench.row(label, other)
    print(f"{'':<34} vector/{label.split()[0]} time ratio {vector['seconds'] / other['seconds']:.2f}")
    if other["states"] != vector["states"]:
        problems.append(f"{label}: {other['states']:,} states, vector engine {vector['states']:,}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--external-n5", action="store_true", help="also SPIN and Rumur at N = 5 (Rumur with symmetry too)")
    ap.add_argument("--upto", type=int, choices=(4, 5), default=5,
                    help="largest N without symmetry (4 skips the N = 5 run: minutes and over 13 GiB)")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(*json.loads(args.one))))
        return
    problems: list[str] = []
    print(HEADER)
    for n in (3, 4):
        vec = run_vector("undo", n)
        plain_bench.row(f"undo N={n} vector", vec)
        plain = plain_bench.run("engine", "undo", n)
        plain_bench.row(f"undo N={n} plain engine", plain)
        print(f"{'':<34} vector/plain time ratio {vec['seconds'] / plain['seconds']:.2f}")
        compare(f"SPIN undo N={n}", vec, run_spin("undo", n), problems)
        compare(f"Rumur undo N={n}", vec, run_rumur("undo", n, symmetry=False), problems)
    for n in (3, 4, 5):
        vec = run_vector("undo", n, symmetry=True)
        plain_bench.row(f"undo N={n} vector, symmetry", vec)
        plain = plain_bench.run("engine", "undo", n, symmetry=True)
        plain_bench.row(f"undo N={n} plain engine, symmetry", plain)
        print(f"{'':<34} vector/plain time ratio {vec['seconds'] / plain['seconds']:.2f}")
        if n < 5 or args.external_n5:      # exhaustive scalarset symmetry at N = 5: over 10 minutes here
            compare(f"Rumur undo N={n}, symmetry", vec, run_rumur("undo", n, symmetry=True), problems)
    if args.upto < 5:
        finish(problems)
    vec = run_vector("undo", 5)
    plain_bench.row("undo N=5 vector", vec)
    print(f"{'undo N=5 plain engine':<34} skipped: a dict-based visited set of this size does not fit this machine")
    if args.external_n5:
        compare("SPIN undo N=5", vec, run_spin("undo", 5), problems)
        compare("Rumur undo N=5", vec, run_rumur("undo", 5, symmetry=False), problems)
    finish(problems)


def finish(problems: list[str]) -> None:
    """Name every disagreement with an external tool; exit 1 if there was one."""
    for line in problems:
        print(f"DISAGREEMENT: {line}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
