"""`hintcheck fuzz`: check's exit codes and JSON fields; bad input is one line and exit 2."""
import json

import pytest

from hintcheck.floor.result import Verdict
from hintcheck.runner import Entry

BAD = [
    (("fuzz", "--model", "nosuch"), "unknown model 'nosuch'"),
    (("fuzz", "--model", "reference", "--policy", "nosuch"), "unknown policy 'nosuch'"),
    (("fuzz", "--model", "reference", "--property", "nosuch"), "unknown property 'nosuch'"),
    (("fuzz", "--model", "reference", "-p", "pages=99"), "pages=99 outside 1..8"),
    (("fuzz", "--model", "reference", "-p", "pages=two"), "'two' is not an integer"),
    (("fuzz", "--model", "reference", "--examples", "0"), "--examples"),
    (("fuzz", "--model", "reference", "--seed", "-1"), "--seed"),
    (("fuzz", "--model", "reference", "--profile", "fastest"), "--profile"),
    (("fuzz", "--model", "reference", "--database", "db"), "derandomized and keeps no example database"),
    (("fuzz", "--policy", "undo"), "need --model"),
    (("fuzz", "--bogus"), "No such option"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(run_cli, args, message, tmp_path):
    code, out, err = run_cli(*args, "--trace-dir", str(tmp_path))
    assert code == 2 and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not any(tmp_path.iterdir())


def test_unknown_profile_in_the_environment_is_one_line(run_cli, monkeypatch):
    monkeypatch.setenv("HINTCHECK_PROFILE", "fastest")
    code, _, err = run_cli("fuzz", "--model", "reference")
    assert code == 2 and "unknown profile 'fastest'" in err and len(err.strip().splitlines()) == 1


CHECK_FIELDS = {"model", "policy", "params", "property", "engine", "verdict", "states", "transitions",
                "depth", "seconds", "states_per_s", "peak_rss", "violating", "limit", "symmetry", "trace",
                "trace_length", "summary", "fired", "never_fired", "simplifications", "vacuous", "unfired",
                "disabled", "notes", "save_error"}


def test_violation_exits_1_with_checks_json_fields(run_cli, tmp_path):
    code, out, _ = run_cli("fuzz", "--model", "reference", "--property", "no_data_loss", "--policy", "rfc", "-p", "pages=1",
                           "--trace-dir", str(tmp_path), "--json")
    row = json.loads(out)
    assert code == 1 and CHECK_FIELDS <= set(row)
    assert (row["verdict"], row["engine"], row["seed"], row["profile"]) == ("violated", "hypothesis", 0, "ci")
    assert row["trace_length"] == 6 and (tmp_path / "reference-rfc-no_data_loss-d1-p1-r2.json").exists()


def test_no_violation_exits_3_and_never_says_holds(run_cli, tmp_path):
    code, out, _ = run_cli("fuzz", "--model", "reference", "--policy", "undo", "-p", "pages=1",
                           "--examples", "30", "--trace-dir", str(tmp_path))
    assert code == 3
    assert "no violation found in" in out and "examples" in out and "holds" not in out
    assert not any(tmp_path.iterdir())


def test_existing_trace_is_never_overwritten(run_cli, tmp_path):
    precious = tmp_path / "reference-rfc-no_data_loss-d1-p1-r2.json"
    precious.write_text("precious notes\n")
    run_cli("fuzz", "--model", "reference", "--policy", "rfc", "-p", "pages=1", "--trace-dir", str(tmp_path))
    assert precious.read_text() == "precious notes\n"
    assert json.loads((tmp_path / "reference-rfc-no_data_loss-d1-p1-r2-2.json").read_text())["engine"] == "hypothesis"


def _entry(policy, expect):
    return Entry(model="reference", policy=policy, property="no_data_loss", expect=expect,
                 params={"pages": 1}, max_trace=6)


@pytest.mark.parametrize("entries,code", [
    ([_entry("rfc", Verdict.VIOLATED), _entry("undo", Verdict.HOLDS)], 0),
    ([_entry("undo", Verdict.VIOLATED)], 1),
])
def test_suite_mode_exits_0_only_when_every_entry_meets_its_expectation(run_cli, monkeypatch, tmp_path,
                                                                        entries, code):
    monkeypatch.setattr("hintcheck.runner.jobs.default_suite", lambda: entries)
    got, out, _ = run_cli("fuzz", "--examples", "40", "--trace-dir", str(tmp_path), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert got == code and [r["as_expected"] for r in rows] == [code == 0] * len(entries)
