"""Text output: the counterexample under its verdict, one line per result, a tally, tables on request."""
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
    # a snapshot: step, actor, event, what changed (by name), the failing step marked and why it fails
    # and the cost labels of each step, summed along the path
    assert lines[at + 2:at + 10] == [
        "     1  guest      alloc(page=0)                alloc=[1] data=[1]",
        "     2  guest      free(page=0) [hcalls+1]      alloc=[0] hint=[1]",
        "     3  guest      alloc(page=0)                alloc=[1] data=[2]",
        "     4  migration  start()                      tosend=[1] phase=MIGRATING round=1",
        "     5  migration  send(page=0) [pages_skipped+1] tosend=[0]",
        "     6  migration  finish()                     phase=DONE  <- property fails",
        "        no_data_loss fails: page 0: alloc=1, data=2, dest=0; phase=DONE",
        "        total cost: hcalls 1, pages_skipped 1"]


def test_codes_are_printed_by_name_and_hypercalls_as_cost(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "pseries", "--policy", "rfc", "--property", "stable_before_use",
                           "--trace-dir", str(tmp_path))
    assert code == 1
    assert "     1  cpu0       alloc_direct(cpu=0, page=0)  loc=[IN_USE, BUDDY] data=[1, 0]" in out.splitlines()
    assert "free(cpu=0, page=0) [hcalls+1] loc=[PCP0, BUDDY] hs=[UNUSED, ACTIVE]" in out
    assert "stable_before_use fails: page 0: loc=IN_USE, hs=UNUSED; phase=MIGRATING" in out


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


def test_one_line_per_result_by_default_a_table_or_markdown_on_request(run_cli, tmp_path):
    args = ("check", "--model", "reference", "--policy", "undo", "-p", "pages=1", "--trace-dir", str(tmp_path))
    code, plain, _ = run_cli(*args)
    assert code == 0 and "│" not in plain and "|" not in plain
    lines = [line for line in plain.splitlines() if line.startswith("reference/undo ")]
    assert [line.split()[1] for line in lines] == ["no_data_loss:", "migration_converges:", "no_deadlock:"]
    code, table, _ = run_cli(*args, "--format", "table")
    assert code == 0 and "│" in table and all(line in table for line in lines)
    code, md, _ = run_cli(*args, "--format", "markdown")
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert rows[0] == "| model | policy | property | params | expected | verdict | states | depth | s | trace |"
    assert rows[1].startswith("| reference | undo | no_data_loss | pages=1 rounds=2 dirty_bound=1 | - | holds | 90 |")


def test_columns_narrows_the_output(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run_cli("check", "--model", "hpt", "--policy", "no-cancel", "--property", "prepare_resolves",
                           "--no-trace", "--trace-dir", str(tmp_path))
    assert code == 1
    assert all(len(line) <= 80 for line in out.splitlines() if not line.startswith("  counterexample saved"))


def test_plain_progress_lines_when_not_on_a_terminal(run_cli, tmp_path, monkeypatch):
    from hintcheck.cli import progress
    monkeypatch.setattr(progress, "EVERY", 0.0)
    code, out, err = run_cli("check", "--model", "reference", "--policy", "undo", "-p", "pages=2",
                             "--property", "no_data_loss", "--trace-dir", str(tmp_path))
    lines = err.splitlines()
    assert code == 0 and lines and all(line.startswith("hintcheck: progress: reference/undo no_data_loss: ")
                                       for line in lines)
    assert "2,756 states" in lines[-1] and "progress" not in out
    monkeypatch.setattr(progress, "EVERY", 3600.0)
    assert run_cli("check", "--model", "reference", "--policy", "undo", "-p", "pages=2", "--property",
                   "no_data_loss", "--trace-dir", str(tmp_path))[2] == ""


COUNTER = '''
from dataclasses import dataclass, replace

from hintcheck.model.core import Domain, ModelSpec, action, invariant, scalar


@dataclass(frozen=True)
class S:
    x: int = scalar(Domain.range(10))

    def set(self, **kw):
        return replace(self, **kw)


@action(guard=lambda m, s: s.x < 9)
def up(m, s):
    if s.x == 5:                  # the user presses Ctrl-C while the search is at x = 5
        raise KeyboardInterrupt
    return s.set(x=s.x + 1)


@invariant
def small(m, s):
    return s.x < 10


SPEC = ModelSpec(name="counter", doc="counts", state=S, params=(), index_sets={}, init=lambda m: S(),
                 actions=(up,), policies={}, properties=(small,), deadlock=False)
'''


def test_ctrl_c_gives_the_figures_so_far_as_a_bounded_row(run_cli, tmp_path):
    (tmp_path / "counter.py").write_text(COUNTER)
    code, out, _ = run_cli("check", "--model", f"{tmp_path}/counter.py:SPEC", "--engine", "explore", "--json",
                           "--trace-dir", str(tmp_path))
    row = json.loads(out)
    assert code == 3 and (row["verdict"], row["limit"]) == ("bounded", "interrupted")
    assert (row["states"], row["depth"]) == (6, 5) and "interrupted" in row["summary"]     # x = 0..5 seen
