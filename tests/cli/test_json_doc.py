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


def _objects(run_cli, *args):
    code, out, err = run_cli(*args, "--json")
    assert code in (0, 1, 3), err
    return [json.loads(line) for line in out.splitlines()]


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
