"""A failure found by Hypothesis becomes a trace that replays to the same verdict."""
import json

from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.stateful import fuzz
from hintcheck.trace.format import Trace
from hintcheck.trace.save import save
from hintcheck.trace.replay import replay


def test_found_failure_is_saved_and_replays_to_the_same_verdict(tmp_path):
    model = load_spec("reference").build("lazy", {"pages": 2, "rounds": 2})
    result = fuzz(model, model.property_named("no_data_loss"), "ci", use_database=False)
    saved = Trace.load(save(result.trace, tmp_path))
    assert (saved.engine, saved.seed, saved.verdict) == ("hypothesis", 0, Verdict.VIOLATED)
    assert saved.meta["profile"] == "ci" and saved.meta["found_after"] >= 1
    outcome = replay(saved)
    assert outcome.verdict is Verdict.VIOLATED and outcome.violated_at == len(saved.steps)


def test_fuzz_saves_a_trace_that_hintcheck_replay_confirms(run_cli, tmp_path):
    code, out, _ = run_cli("fuzz", "--model", "reference", "--property", "no_data_loss", "--policy", "rfc", "-p", "pages=1",
                           "--trace-dir", str(tmp_path), "--json")
    row = json.loads(out)
    assert code == 1 and row["verdict"] == "violated" and row["engine"] == "hypothesis"
    code, out, _ = run_cli("replay", row["trace"])
    assert code == 1
    assert f"replayed {row['trace_length']} steps: no_data_loss violated" in out and "same as recorded" in out
