"""Loading checks every field before replay runs anything; replay's exit statuses; policy identity.

A damaged or foreign trace is one `TraceError` line naming the field (and
the step); a trace whose policy is a file runs that file only when it is
the file the trace was recorded with, or when `--policy` names it.
"""
import hashlib
import json

import pytest

from hintcheck.explore import explore
from hintcheck.floor.result import Verdict
from hintcheck.model.registry import load_spec
from hintcheck.trace.format import Trace, TraceError
from hintcheck.trace.replay import model_for, replay


@pytest.fixture(scope="module")
def raw():
    """The JSON of a real 6-step trace: reference/rfc, one page."""
    model = load_spec("reference").build("rfc", {"pages": 1})
    return explore(model, model.property_named("no_data_loss")).trace.to_json()


def _edited(raw, edit):
    copy = json.loads(json.dumps(raw))
    edit(copy)
    return copy


def _error(raw, edit):
    with pytest.raises(TraceError) as info:
        Trace.from_json(_edited(raw, edit), "t.json")
    message = str(info.value)
    assert message.startswith("t.json: ") and "\n" not in message
    return message


def test_a_saved_trace_reads_back_as_it_was(raw):
    trace = Trace.from_json(raw)
    assert trace.to_json() == raw and len(trace.steps) == raw["length"] == 6
    assert "policy_sha256" not in raw, "a registry policy records no file identity"


@pytest.mark.parametrize("edit,message", [
    (lambda t: t.update(init=[0, 0]), "init must be an object, not a list"),
    (lambda t: t["steps"][1].update(state=[1]), "step 2: state must be an object, not a list"),
    (lambda t: t.update(steps={"1": t["steps"][0]}), "steps must be a list, not an object"),
    (lambda t: t["steps"].pop(), "damaged: records 6 steps, holds 5"),
    (lambda t: t.update(length="6"), "length must be an integer, not a string"),
    (lambda t: t.update(model=""), "model must be a non-empty string, not an empty string"),
    (lambda t: t.update(policy=["rfc"]), "policy must be a non-empty string, not a list"),
    (lambda t: t.update(property=None), "property must be a non-empty string, not null"),
    (lambda t: t.update(engine=7), "engine must be a non-empty string, not an integer"),
    (lambda t: t.update(params=[2]), "params must be an object, not a list"),
    (lambda t: t["params"].update(pages=True), "params['pages'] must be an integer, not a boolean"),
    (lambda t: t["params"].update(pages=1.0), "params['pages'] must be an integer, not a number"),
    (lambda t: t.update(seed="0"), "seed must be an integer or null, not a string"),
    (lambda t: t.update(verdict="fine"), "verdict 'fine' is not one of holds, bounded, violated"),
    (lambda t: t.update(meta=[]), "meta must be an object, not a list"),
    (lambda t: t.update(policy_sha256="abc"), "policy_sha256 must be 64 lowercase hex digits"),
    (lambda t: t.update(extra=1), "unknown key 'extra'"),
    (lambda t: t.pop("init"), "malformed or truncated trace: no 'init'"),
    (lambda t: t.update(version=True), "trace version True is not supported"),
    (lambda t: t["steps"][0].update(action=0), "step 1: action must be a non-empty string, not an integer"),
    (lambda t: t["steps"][0].pop("args"), "step 1: malformed or truncated trace: no 'args'"),
    (lambda t: t["steps"][0].update(args={"page": "0"}), "step 1: args['page'] must be an integer"),
    (lambda t: t["steps"][0].update(cost={"hcalls": None}), "step 1: cost['hcalls'] must be an integer"),
    (lambda t: t["steps"][0].update(why="x"), "step 1: unknown key 'why'"),
    (lambda t: t["steps"].__setitem__(3, "alloc"), "step 4 must be an object, not a string"),
    (lambda t: t.update(model="\ud800"), "model is not valid Unicode text"),
])
def test_every_field_is_type_checked_in_one_line(raw, edit, message):
    assert message in _error(raw, edit)


def test_a_file_that_is_not_utf8_is_one_trace_error(tmp_path, raw):
    path = tmp_path / "t.json"
    path.write_bytes(json.dumps(raw).encode()[:40] + b"\xff\xfe" + b"}")
    with pytest.raises(TraceError, match=r"t.json: not UTF-8 text \(byte 0xff at offset 40\)"):
        Trace.load(path)


@pytest.mark.parametrize("text", ["[" * 100_000, "1" * 5000, "", "null", "{\"format\": 1}"])
def test_json_that_python_cannot_take_or_is_no_trace_is_a_trace_error(text):
    with pytest.raises(TraceError):
        Trace.loads(text)


def test_a_recorded_state_outside_the_model_is_refused_before_the_policy_loads(raw):
    trace = Trace.from_json(_edited(raw, lambda t: t["steps"][4]["state"].update(dest=[7])))
    with pytest.raises(TraceError, match=r"step 5 \w+\(.*\): field dest: 7 is outside 0..2"):
        model_for(trace)


# -- exit statuses --------------------------------------------------------------------------------------

def _write(tmp_path, raw, name="t.json"):
    path = tmp_path / name
    path.write_text(json.dumps(raw))
    return str(path)


def test_replay_of_a_trace_that_still_violates_exits_1(run_cli, tmp_path, raw):
    code, out, err = run_cli("replay", _write(tmp_path, raw))
    assert (code, err) == (1, "") and "no_data_loss violated at step 6 (same as recorded)" in out


def test_replay_that_runs_fully_and_no_longer_violates_exits_0(run_cli, tmp_path, raw):
    """The last step (finish) dropped and the length made to match: the trace holds, exit 0 (not 3)."""
    def cut(t):
        t["steps"].pop()
        t["length"] = 5
    code, out, err = run_cli("replay", _write(tmp_path, _edited(raw, cut)))
    assert (code, err) == (0, "")
    assert "replayed 5 steps: no_data_loss no violation found (recorded violated)" in out


def test_replay_of_a_trace_with_its_last_step_cut_is_damaged_exit_2(run_cli, tmp_path, raw):
    code, out, err = run_cli("replay", _write(tmp_path, _edited(raw, lambda t: t["steps"].pop())))
    assert code == 2 and out == ""
    assert err == f"hintcheck: error: {tmp_path / 't.json'}: damaged: records 6 steps, holds 5\n"


def test_replay_with_another_policy_in_place_of_the_recorded_one(run_cli, tmp_path, raw):
    """`--policy` replaces the trace's policy: a file equal to `rfc` replays it; under `undo` (the fix) the
    steps re-run and no longer violate; a step the other design does not enable diverges."""
    policy = tmp_path / "same.py"
    policy.write_text("class NoUndo:\n    pass\n")
    trace = _write(tmp_path, raw)
    code, out, _ = run_cli("replay", trace, "--policy", f"{policy}:NoUndo", "--json")
    row = json.loads(out)
    assert (code, row["policy"], row["recorded_policy"], row["verdict"]) == (1, f"{policy}:NoUndo", "rfc",
                                                                             "violated")
    assert replay(Trace.from_json(raw), policy=f"{policy}:NoUndo").verdict is Verdict.VIOLATED
    code, out, err = run_cli("replay", trace, "--policy", "undo", "--json")
    assert (code, json.loads(out)["verdict"], err) == (0, "no violation found", "")
    def finish_first(t):                                   # finish() as the first step: not enabled
        t["steps"].insert(0, dict(t["steps"][-1]))
        t["length"] += 1
    cut = _edited(raw, finish_first)
    code, out, err = run_cli("replay", _write(tmp_path, cut, "cut.json"), "--policy", "undo")
    assert code == 2 and "not enabled" in err


# -- policy identity ------------------------------------------------------------------------------------

BENIGN = "class NoUndo:\n    pass\n"
HOSTILE = ("import pathlib\npathlib.Path(__file__).with_name('ran').write_text('imported')\n"
           "class NoUndo:\n    pass\n")


@pytest.fixture
def file_trace(run_cli, tmp_path):
    """(trace path, policy file) of a trace checked with a user policy file (no undo: violates)."""
    policy = tmp_path / "rfc.py"
    policy.write_text(BENIGN)
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "--policy", f"{policy}:NoUndo", "-p", "pages=1",
                           "--json", "--trace-dir", str(tmp_path / "tr"))
    assert code == 1
    return json.loads(out)["trace"], policy


def test_a_file_policy_trace_records_the_sha256_of_the_file(file_trace):
    path, policy = file_trace
    assert Trace.load(path).policy_sha256 == hashlib.sha256(policy.read_bytes()).hexdigest()


def test_a_changed_policy_file_is_not_run(run_cli, file_trace):
    path, policy = file_trace
    policy.write_text(HOSTILE)
    code, out, err = run_cli("replay", path)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert f"trace policy file {policy} has changed since the trace was recorded" in err
    assert not policy.with_name("ran").exists(), "the changed file was imported"


def test_a_trace_without_a_recorded_sha256_needs_policy_to_run_its_file(run_cli, file_trace, tmp_path):
    path, policy = file_trace
    old = json.loads(open(path).read())
    del old["policy_sha256"]
    older = _write(tmp_path, old, "old.json")
    policy.write_text(HOSTILE)
    code, _, err = run_cli("replay", older)
    assert code == 2 and "records no SHA-256 of it (an older trace): it is not run; pass --policy" in err
    assert not policy.with_name("ran").exists()
    code, out, err = run_cli("replay", older, "--policy", f"{policy}:NoUndo")
    assert (code, err) == (1, "") and f"policy {policy}:NoUndo in place of the recorded" in out
    assert policy.with_name("ran").exists(), "--policy runs the file the user named"


def test_a_missing_policy_file_is_one_line(run_cli, file_trace):
    path, policy = file_trace
    policy.unlink()
    code, _, err = run_cli("replay", path)
    assert code == 2 and f"trace policy file {policy}: cannot read (No such file or directory)" in err


def test_a_field_with_one_possible_value_may_be_left_out_and_no_other():
    """A trace recorded before the model gained a field (pseries' postcopy fields without postcopy)."""
    model = load_spec("pseries").build("rfc", {"pages": 1})
    raw = explore(model, model.property_named("no_data_loss_stable")).trace.to_json()

    def drop(*names):
        def edit(t):
            for state in [t["init"], *(step["state"] for step in t["steps"])]:
                for name in names:
                    del state[name]
        return edit
    old = Trace.from_json(_edited(raw, drop("recv", "pc")))
    assert replay(old).verdict is Verdict.VIOLATED
    with pytest.raises(TraceError, match="state lacks field 'kd'"):
        replay(Trace.from_json(_edited(raw, drop("kd"))))
