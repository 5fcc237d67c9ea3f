"""Bad input: one line on stderr naming the problem, exit 2, no traceback, nothing overwritten."""
import json

import pytest


BAD = [
    (("check", "--model", "nosuch"), "unknown model 'nosuch'"),
    (("check", "--model", "reference", "--policy", "nosuch"), "unknown policy 'nosuch'"),
    (("check", "--model", "reference", "--property", "nosuch"), "unknown property 'nosuch'"),
    (("check", "--model", "reference", "-p", "frames=2"), "unknown parameter 'frames'"),
    (("check", "--model", "reference", "-p", "pages=99"), "pages=99 outside 1..8"),
    (("check", "--model", "reference", "-p", "pages=two"), "'two' is not an integer"),
    (("check", "--model", "reference", "-p", "pages"), "expected NAME=VALUE"),
    (("check", "--model", "reference", "--max-states", "0"), "--max-states"),
    (("check", "--policy", "undo"), "need --model"),
    (("check", "--bogus"), "No such option"),
    (("replay", "/nonexistent/trace.json"), "cannot read"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(run_cli, args, message):
    code, out, err = run_cli(*args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def _trace_text(run_cli, tmp_path):
    run_cli("check", "--model", "reference", "--policy", "rfc", "-p", "pages=1", "--trace-dir", str(tmp_path))
    path = tmp_path / "reference-rfc-no_data_loss-d1-p1-r2.json"
    return path, json.loads(path.read_text())


def _replay_edited(run_cli, tmp_path, edit):
    path, raw = _trace_text(run_cli, tmp_path)
    edit(raw)
    bad = tmp_path / "edited.json"
    bad.write_text(json.dumps(raw) if isinstance(raw, dict) else raw)
    return run_cli("replay", str(bad))


@pytest.mark.parametrize("edit,message", [
    (lambda t: t.update(version=3), "trace version 3 is not supported"),
    (lambda t: t.update(loop=0), "unknown key 'loop'"),                 # a loop needs version 2
    (lambda t: t.update(format="other"), "not a hintcheck trace"),
    (lambda t: t.update(model="nosuch"), "unknown model 'nosuch'"),
    (lambda t: t.update(policy="nosuch"), "unknown policy 'nosuch'"),
    (lambda t: t.pop("steps"), "malformed or truncated"),
    (lambda t: t["steps"][2].update(action="teleport"), "step 3 teleport(page=0): no such action instance"),
    (lambda t: t["steps"][2].update(action="write"), "step 3 write(page=0): not enabled"),
    (lambda t: t["steps"][1]["state"].update(hint=[0]), "step 2 free(page=0): recorded hint=[0], replay gives hint=[1]"),
    (lambda t: t["steps"][1]["state"].update(phase="LOST"), "field phase: 'LOST' is not one of"),
])
def test_replay_rejects_a_tampered_or_foreign_trace(run_cli, tmp_path, edit, message):
    code, _, err = _replay_edited(run_cli, tmp_path, edit)
    assert code == 2 and message in err, err
    assert len(err.strip().splitlines()) == 1


def test_replay_rejects_truncated_json(run_cli, tmp_path):
    path, _ = _trace_text(run_cli, tmp_path)
    bad = tmp_path / "cut.json"
    bad.write_text(path.read_text()[:200])
    code, _, err = run_cli("replay", str(bad))
    assert code == 2 and "not valid JSON" in err


def test_existing_trace_is_never_overwritten_with_different_content(run_cli, tmp_path):
    path, raw = _trace_text(run_cli, tmp_path)
    path.write_text("precious notes\n")
    run_cli("check", "--model", "reference", "--policy", "rfc", "-p", "pages=1", "--trace-dir", str(tmp_path))
    assert path.read_text() == "precious notes\n"
    assert json.loads((tmp_path / "reference-rfc-no_data_loss-d1-p1-r2-2.json").read_text())["steps"] == raw["steps"]
