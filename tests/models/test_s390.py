"""The s390 model: suite entries, compiled successors, controls that must fail, user policies."""
import inspect
import json
import shutil
import textwrap

import pytest

from hintcheck.explore import explore
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict

SPEC = load_spec("s390")


def _model(policy="essa", **params):
    return SPEC.build(policy, params)


@pytest.mark.parametrize("policy", list(SPEC.policies))
def test_every_s390_policy_compiles_to_straight_line_successors(policy):
    model = _model(policy, pages=1)
    for prop in (p for p in model.properties if p.kind != "liveness"):
        assert explore(model, prop).stats.extra["successors"] == "compiled", prop.name


def _user_policy(tmp_path, body):
    (tmp_path / "p.py").write_text(textwrap.dedent(body))
    return f"{tmp_path}/p.py:P"


def test_essa_without_the_undo_loses_data_to_host_discard(tmp_path):
    """The control: drop arch_alloc_page()'s SET_STABLE and the host discards a page in use."""
    policy = _user_policy(tmp_path, '''
        from hintcheck.model.hypervisor.essa import EState, essa

        class P:
            def on_free(self, m, s, cpu, page):
                return essa(s, page, EState.UNUSED)
    ''')
    model = _model(policy)
    result = explore(model, model.property_named("no_data_loss_stable"))
    assert result.verdict is Verdict.VIOLATED
    assert [st.action for st in result.trace.steps][-1] == "discard"


def test_volatile_without_make_stable_loses_a_dirtied_page(tmp_path):
    """The control: a store to a volatile page that is not made stable first."""
    policy = _user_policy(tmp_path, '''
        from hintcheck.model.s390.policies import Essa
        from hintcheck.model.hypervisor.essa import EState, essa

        class P(Essa):
            def on_clean(self, m, s, page):
                return essa(s, page, EState.VOLATILE)
    ''')
    model = _model(policy, host=1)             # z/VM: the make-stable before a store is what protects it
    result = explore(model, model.property_named("no_data_loss_stable"))
    assert result.verdict is Verdict.VIOLATED
    assert [st.action for st in result.trace.steps][-2:] == ["write", "discard"]


def test_volatile_make_stable_costs_an_hcall_only_on_a_volatile_page():
    model = _model("volatile")
    write = model.action_named("write")
    s = model.init().set(loc=(0, 1), hs=(2, 0))
    assert write.cost["hcalls"](model, s, 0) == 1
    assert write.cost["hcalls"](model, s.set(hs=(0, 0)), 0) == 0


def test_a_copied_policy_file_gets_the_shipped_verdict_and_counts(run_cli, tmp_path):
    """volatile-lazy-keep-on-free, its extra flush actions included, loaded from outside."""
    shutil.copy(inspect.getsourcefile(SPEC.policies["volatile-lazy-keep-on-free"]), tmp_path / "mine.py")
    rows = []
    for policy in ("volatile-lazy-keep-on-free", f"{tmp_path}/mine.py:VolatileLazyKeepOnFree"):
        code, out, _ = run_cli("check", "--model", "s390", "--policy", policy, "--property",
                         "no_data_loss_stable", "-p", "pages=1", "-p", "host=1", "--continue", "--json",
                         "--trace-dir", str(tmp_path))
        rows.append((code, json.loads(out)))
    (code_a, a), (code_b, b) = rows
    assert code_a == code_b == 1
    assert (a["verdict"], a["states"], a["trace_length"]) == (b["verdict"], b["states"], b["trace_length"])
    assert a["states"] == 1248 and a["trace_length"] == 7


def test_s390_discard_of_a_clean_volatile_page_refaults_from_storage(fire):
    m = _model("volatile", host=1)                             # z/VM and the 2006 series
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("writeback", 0), ("discard", 0)])
    assert not m.action_named("write").guard(m, s, 0)        # the access is a discard fault
    assert m.property_named("no_data_loss_stable").predicate(m, s)
    s = m.action_named("discard_fault").effect(m, s, 0)
    assert (s.gone[0], s.data[0]) == (0, 1) and m.action_named("write").guard(m, s, 0)


def test_on_kvm_a_dropped_clean_volatile_page_reads_as_zeroes_with_no_discard_fault(fire):
    m = _model("volatile")                                     # host=0: mainline KVM, the default
    s = fire(m, [("refill", 0, 0), ("alloc", 0, 0), ("writeback", 0), ("discard", 0)])
    assert m.action_named("write").guard(m, s, 0)              # an ordinary access: no fault
    assert not m.action_named("discard_fault").guard(m, s, 0)
    assert not m.property_named("no_data_loss_stable").predicate(m, s)
    assert _model("essa").params["host"] == 0
