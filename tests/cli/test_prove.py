"""`hintcheck prove`: exit codes, saved traces that replay, and bad input in one line."""
import json


def _rows(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_bmc_counterexample_is_saved_and_replays(run_cli, tmp_path):
    code, out, _ = run_cli("prove", "--model", "reference", "--policy", "rfc", "--trace-dir", str(tmp_path), "--json")
    assert code == 1
    (row,) = _rows(out)
    assert (row["verdict"], row["engine"], row["trace_length"]) == ("violated", "z3-bmc", 7)
    code, out, _ = run_cli("replay", row["trace"], "--json")
    assert code == 1 and _rows(out)[0]["same_verdict"]


def test_proved_exits_0_and_unknown_exits_3_with_the_counterexample_to_induction(run_cli, tmp_path):
    lemmas = ["--lemma", "in_use_is_stable", "--lemma", "sent_and_clean_is_current"]
    code, out, _ = run_cli("prove", "--model", "reference", "--policy", "undo", "--depth", "4", *lemmas, "--json")
    assert code == 0 and _rows(out)[0]["verdict"] == "proved"
    code, out, _ = run_cli("prove", "--model", "reference", "--policy", "undo", "--depth", "4", "--json")
    (row,) = _rows(out)
    assert code == 3 and row["verdict"] == "unknown"
    assert row["cti"]["step"] == "finish()" and row["cti"]["after"]["phase"] == "DONE"


def test_bmc_only_is_bounded(run_cli):
    code, out, _ = run_cli("prove", "--model", "reference", "--policy", "undo", "--depth", "3", "--bmc-only", "--json")
    (row,) = _rows(out)
    assert code == 3 and row["verdict"] == "bounded" and "depth 3" in row["summary"]


def test_the_proof_suite_meets_its_expectations(run_cli, tmp_path):
    code, out, _ = run_cli("prove", "--json", "--trace-dir", str(tmp_path))
    rows = _rows(out)
    assert code == 0
    assert rows and all(r["as_expected"] for r in rows)
    assert {r["verdict"] for r in rows} == {"proved", "violated"}


def test_bad_input_is_one_line_and_exit_2(run_cli, python_if_policy):
    cases = [
        (("--model", "reference", "--lemma", "nope"), "unknown property 'nope'"),
        (("--model", "reference", "--policy", python_if_policy), "hook on_alloc"),
        (("--model", "hpt", "--policy", "rehash", "--unbounded"), "interchangeable"),
        (("--model", "hpt", "--policy", "rehash", "--property", "no_lost_bolted", "--lemma", "commit_only_quiesced"),
         "lemmas must be invariants"),
        (("--policy", "undo"), "need --model"),
    ]
    for args, needle in cases:
        code, out, err = run_cli("prove", *args)
        assert code == 2, (args, out, err)
        assert len(err.strip().splitlines()) == 1 and needle in err, (args, err)
