"""The public Python API: the same engines, checks and verdicts as the command line."""
from __future__ import annotations

import doctest

import pytest

import hintcheck
import hintcheck.api
from hintcheck import HintcheckError, Verdict

UNDO = "from hintcheck.model.core import put\n\nclass Mine:\n    def on_alloc(self, m, s, page):\n" \
       "        return s.set(hint=put(s.hint, page, 0))\n"


def test_the_module_examples_run():
    failures, tried = doctest.testmod(hintcheck.api)
    assert tried > 0 and failures == 0


def test_check_holds_and_is_violated_with_a_trace():
    assert hintcheck.check("reference", "undo", params={"pages": 2}).verdict is Verdict.HOLDS
    bad = hintcheck.check("reference", "rfc", params={"pages": 2}, engine="explore")
    assert bad.verdict is Verdict.VIOLATED and len(bad.trace.steps) == 7


def test_a_policy_file_and_a_loaded_policy_class_give_the_same_verdict(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(UNDO)
    by_ref = hintcheck.check("reference", f"{path}:Mine", params={"pages": 2})
    by_class = hintcheck.check("reference", hintcheck.load_policy(f"{path}:Mine"), params={"pages": 2})
    assert by_ref.verdict is by_class.verdict is Verdict.HOLDS
    assert by_ref.stats.states == by_class.stats.states == 2756


def test_fuzz_prove_and_replay(tmp_path):
    assert hintcheck.fuzz("reference", "rfc", examples=200).verdict is Verdict.VIOLATED
    assert hintcheck.prove("reference", "undo", lemmas=["in_use_is_stable", "sent_and_clean_is_current"]
                           ).verdict is Verdict.PROVED
    assert hintcheck.prove("reference", "rfc", method="bmc").verdict is Verdict.VIOLATED
    from hintcheck.trace.save import save
    trace = hintcheck.check("reference", "rfc").trace
    replayed = hintcheck.replay(save(trace, tmp_path))
    assert replayed.verdict is Verdict.VIOLATED and replayed.trace.steps == trace.steps
    fixed = hintcheck.replay(save(trace, tmp_path), policy="undo")     # the steps re-run under the fix
    assert fixed.verdict.value == "no violation found"


def test_bad_input_is_one_hintcheck_error():
    with pytest.raises(HintcheckError, match="unknown model 'nope'"):
        hintcheck.check("nope")
    with pytest.raises(HintcheckError, match="has 7 properties: name one"):
        hintcheck.check("pseries")
    with pytest.raises(HintcheckError, match="unknown proof method 'magic'"):
        hintcheck.prove("reference", method="magic")
    with pytest.raises(HintcheckError, match="a policy must be a class"):
        hintcheck.check("reference", policy=len)


def test_load_model_takes_a_built_model_and_new_parameters():
    m = hintcheck.load_model("reference", "undo", {"pages": 1})
    assert hintcheck.load_model(m, params={"pages": 2}).params["pages"] == 2
    assert hintcheck.check(m).stats.states == 90


def test_a_modelspec_object_is_checked_like_a_model_file():
    import dataclasses as dc

    from hintcheck.model.core import Domain, ModelSpec, Param, action, invariant, scalar

    @dc.dataclass(frozen=True)
    class S:
        x: int = scalar(Domain.range(3))

        def set(self, **kw):
            return dc.replace(self, **kw)

    @action(guard=lambda m, s: s.x < 2)
    def inc(m, s):
        return s.set(x=s.x + 1)

    @invariant
    def small(m, s):
        return s.x < 3

    spec = ModelSpec(name="obj", doc="", state=S, params=(Param("n", 1, 2, 1),), index_sets={},
                     init=lambda m: S(), actions=(inc,), policies={}, properties=(small,), deadlock=False,
                     symmetric=frozenset({"ghosts"}))
    with pytest.raises(HintcheckError, match="model obj .a ModelSpec object.: symmetric names 'ghosts'"):
        hintcheck.check(spec)
    fine = dc.replace(spec, symmetric=frozenset())
    assert hintcheck.check(fine).stats.states == 3


def test_a_model_and_a_policy_from_files_through_the_api(tmp_path):
    """The worked example copied to a temporary folder, with a design of the user's own."""
    import shutil
    from pathlib import Path

    from hintcheck.trace.save import save

    model = tmp_path / "queue.py"
    shutil.copy(Path(__file__).resolve().parents[2] / "examples" / "models" / "report_queue.py", model)
    (tmp_path / "mine.py").write_text("from hintcheck.model.core import put\n\n\n"
                                      "class Mine:\n    def on_alloc(self, m, s, page):\n"
                                      "        return s.set(reported=put(s.reported, page, 0))\n")
    ref, mine = f"{model}:SPEC", f"{tmp_path / 'mine.py'}:Mine"
    assert hintcheck.check(ref, policy=mine, params={"pages": 2}).verdict.value == "holds"
    bad = hintcheck.check(ref, policy="keep", params={"pages": 2})
    assert bad.verdict.value == "violated" and len(bad.trace.steps) == 3
    assert hintcheck.fuzz(ref, policy="keep", params={"pages": 2}, examples=200, seed=0).verdict.value == "violated"
    assert hintcheck.prove(ref, policy=mine, params={"pages": 2}, method="any-n").verdict.value == "proved"
    saved = save(bad.trace, tmp_path / "traces")
    assert hintcheck.replay(saved).verdict.value == "violated"
    with pytest.raises(HintcheckError, match=r"step 3 discard\(page=0\): not enabled"):
        hintcheck.replay(saved, policy=mine)              # the fix takes the report back: no discard
