"""The counterexample is printed where its verdict is: under the row, failing step marked, saved file named in full."""
from __future__ import annotations

import json


def _check(run_cli, tmp_path, *args):
    return run_cli("check", "--model", "reference", "--policy", "rfc", "-p", "pages=1", "--property", "no_data_loss",
                   "--trace-dir", str(tmp_path / "tr"), *args)


def test_a_violation_prints_its_steps_and_the_full_path(run_cli, tmp_path):
    code, out, _ = _check(run_cli, tmp_path)
    saved = tmp_path / "tr" / "reference-rfc-no_data_loss-d1-p1-r2.json"
    assert code == 1 and saved.exists()
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("reference/rfc no_data_loss: violated"))
    assert lines[at + 1] == f"  counterexample saved: {saved.resolve()}"
    steps = lines[at + 2:at + 8]
    assert [s.split()[1] for s in steps] == ["alloc(page=0)", "free(page=0)", "alloc(page=0)", "start()",
                                              "send(page=0)", "finish()"]
    assert steps[-1].endswith("phase=DONE  <- property fails") and "<- property fails" not in "\n".join(steps[:-1])


def test_no_trace_keeps_the_path_and_json_is_unchanged(run_cli, tmp_path):
    code, out, _ = _check(run_cli, tmp_path, "--no-trace")
    assert code == 1 and "counterexample saved:" in out and "alloc(page=0)" not in out
    code, out, _ = _check(run_cli, tmp_path, "--json")
    row = json.loads(out)
    assert code == 1 and row["trace_length"] == 6 and "counterexample saved" not in out


def test_a_passing_row_prints_no_counterexample(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--policy", "undo", "-p", "pages=1",
                           "--trace-dir", str(tmp_path))
    assert code == 0 and "counterexample saved" not in out and "<- property fails" not in out


def test_a_lasso_is_printed_with_its_loop(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--policy", "undo", "-p", "pages=1",
                           "--property", "migration_converges", "--no-fair", "--trace-dir", str(tmp_path))
    assert code == 1 and "counterexample saved:" in out
    assert "-- loop starts here" in out and "for ever: the property fails along this loop --" in out


def test_fuzz_prints_its_shrunk_counterexample_too(run_cli, tmp_path):
    code, out, _ = run_cli("fuzz", "--model", "reference", "--policy", "rfc", "-p", "pages=1",
                           "--property", "no_data_loss", "--trace-dir", str(tmp_path))
    assert code == 1 and "counterexample saved:" in out and "finish()" in out and "<- property fails" in out


SUITE = '''
[[entry]]
model = "reference"
params = { pages = 1 }
policy = "undo"
property = "no_data_loss"
expect = "holds"
why = "the undo holds"

[[entry]]
model = "reference"
params = { pages = 1 }
policy = "rfc"
property = "no_data_loss"
expect = "violated"
why = "the RFC loses data"

[[entry]]
model = "reference"
params = { pages = 1 }
policy = "lazy"
property = "no_data_loss"
expect = "holds"
why = "a wrong expectation, on purpose"
'''


def test_a_suite_run_ends_with_a_tally(run_cli, tmp_path):
    suite = tmp_path / "s.toml"
    suite.write_text(SUITE)
    code, out, _ = run_cli("check", str(suite), "--trace-dir", str(tmp_path / "tr"))
    assert code == 1 and out.rstrip().splitlines()[-1] == "2 as expected (1 expected violations), 1 unexpected"
    assert "UNEXPECTED" in out
    suite.write_text(SUITE.rsplit("[[entry]]", 1)[0])
    code, out, _ = run_cli("check", str(suite), "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and out.rstrip().splitlines()[-1] == "2 as expected (1 expected violations), 0 unexpected"
