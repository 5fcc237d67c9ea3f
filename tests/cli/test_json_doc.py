"""docs/json.md lists exactly the fields each command's --json objects have."""
from __future__ import annotations

import json
import re
from pathlib import Path

DOC = (Path(__file__).resolve().parents[2] / "docs" / "json.md").read_text()


def _fields(heading: str) -> set[str]:
    """The first-column names of every table in the section `heading` (up to the next `## `)."""
    section = DOC.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))


EVERY = {"schema", "command"}


def _objects(run_cli, *args):
    """The command's --json objects, each checked for the fields every object has, which are then dropped."""
    code, out, err = run_cli(*args, "--json")
    assert code in (0, 1, 3), err
    objects = [json.loads(line) for line in out.splitlines()]
    assert _fields("Every object") == EVERY
    for obj in objects:
        assert obj["schema"] == 1 and obj["command"] == args[0], obj
    return [{k: v for k, v in obj.items() if k not in EVERY} for obj in objects]


def test_result_rows_have_the_documented_fields(run_cli, tmp_path):
    documented = _fields("Result rows: `check`, `fuzz`, `prove`")
    suite, sampled, proof = {"expected", "as_expected", "judgement"}, \
        {"examples", "found_after", "seed", "profile", "swarm"}, {"lemmas", "cti"}
    base = documented - suite - sampled - proof
    common = ("--model", "reference", "--policy", "rfc", "-p", "pages=2", "--property", "no_data_loss",
              "--trace-dir", str(tmp_path))
    (row,) = _objects(run_cli, "check", *common)
    assert set(row) == base | suite                                  # pages=2 is a suite entry's point
    (row,) = _objects(run_cli, "fuzz", *common)
    assert set(row) == base | suite | sampled
    (row,) = _objects(run_cli, "prove", "--model", "reference", "--policy", "undo", "-p", "pages=1",
                      "--property", "no_data_loss", "--trace-dir", str(tmp_path))
    assert base | {"lemmas"} <= set(row) <= base | suite | proof


def test_replay_worst_and_list_have_the_documented_fields(run_cli, tmp_path):
    corpus = Path(__file__).resolve().parents[2] / "traces" / "reference-rfc-no_data_loss-p2-r2.json"
    (row,) = _objects(run_cli, "replay", str(corpus))
    assert set(row) == _fields("`replay`")
    rows = _objects(run_cli, "worst", "--model", "hotplug", "--field", "resizes", "-p", "batches=1")
    assert rows and all(set(r) == _fields("`worst`") for r in rows)
    rows = _objects(run_cli, "list")
    assert rows and all(set(r) == _fields("`list`") for r in rows)


def test_cost_and_compare_have_the_documented_fields(run_cli, tmp_path):
    small = ("--model", "reference", "-p", "pages=1", "--all-paths", "--depth", "2")
    rows = _objects(run_cli, "cost", *small)
    assert rows and all(set(r) == _fields("`cost`") for r in rows)
    rows = _objects(run_cli, "compare", *small, "--trace-dir", str(tmp_path))
    assert rows and all(set(r) == _fields("`compare`") for r in rows)
    cost_fields = _fields("`cost`") - {"model", "params", "policy"}
    assert all(set(f) == cost_fields for r in rows for f in r["figures"])
    assert all(set(p) == {"verdict", "states", "trace_length", "trace"} for r in rows for p in r["properties"].values())
