"""Exit codes scripts rely on: 0 holds / as expected, 1 violated, 2 bad input, 3 bounded."""
import json



def test_holds_exits_0_with_exhaustive_wording(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--policy", "undo", "-p", "pages=1",
                           "--trace-dir", str(tmp_path))
    assert code == 0
    assert "holds: reachable space exhausted, 90 states" in out


def test_violation_exits_1_and_saves_a_trace(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "--policy", "rfc", "-p", "pages=1",
                           "--trace-dir", str(tmp_path), "--json")
    row = json.loads(out)
    assert code == 1 and row["verdict"] == "violated" and row["trace_length"] == 6
    assert (tmp_path / "reference-rfc-no_data_loss-d1-p1-r2.json").exists()


def test_state_limit_exits_3_and_names_the_limit(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "--policy", "undo", "--max-states", "50",
                           "--trace-dir", str(tmp_path), "--json")
    row = json.loads(out)
    assert code == 3 and row["verdict"] == "bounded" and row["limit"] == "50 states"


def test_json_has_one_object_per_policy_with_the_required_fields(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "-p", "pages=1", "--trace-dir", str(tmp_path),
                           "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["policy"] for r in rows] == ["rfc", "undo", "lazy"]
    for key in ("model", "policy", "params", "property", "engine", "verdict", "states", "depth",
                "seconds", "trace"):
        assert all(key in r for r in rows), key
    assert code == 1


def test_check_reports_actions_that_never_fired(run_cli, tmp_path):
    # With a depth bound of 1 only alloc and start fire. next_round changes
    # nothing no_data_loss reads, so it is not named.
    code, out, _ = run_cli("check", "--model", "reference", "--policy", "undo", "--max-depth", "1",
                           "--trace-dir", str(tmp_path))
    assert code == 3
    assert "never fired, though able to falsify no_data_loss: write, free, send, finish" in out
    assert "not covered (stated simplifications)" in out


def test_list_names_models_policies_and_properties(run_cli):
    code, out, _ = run_cli("list", "--json")
    ref = [json.loads(line) for line in out.splitlines() if '"reference"' in line][0]
    assert code == 0 and ref["policies"] == ["rfc", "undo", "lazy"]
    assert ref["properties"] == ["no_data_loss", "migration_converges", "no_deadlock"]
