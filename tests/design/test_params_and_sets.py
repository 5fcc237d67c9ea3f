"""Derived parameters and fixed index sets in a user's model.

`Param.derived(name, fn)` is computed from the parameters before it and
cannot be set; an index set may have a fixed size instead of a parameter.
The model below has `n` workers (a parameter), `slots = 2 * n` (derived)
and a fixed set of 2 `lanes`; each worker, slot and lane is one bit that
can be set once, so the reachable states are exactly 2 ** (n + 2n + 2).
"""
from __future__ import annotations

import json
import textwrap

import pytest

MODEL = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import Domain, ModelSpec, Param, action, invariant, per_index, put


    @dataclass(frozen=True)
    class S:
        w: tuple = per_index("workers", Domain.range(2))
        s: tuple = per_index("slots", Domain.range(2))
        l: tuple = per_index("lanes", Domain.range(2))

        def set(self, **kw):
            return replace(self, **kw)


    @action(params=("workers",), guard=lambda m, s, i: s.w[i] == 0)
    def set_w(m, s, i):
        return s.set(w=put(s.w, i, 1))


    @action(params=("slots",), guard=lambda m, s, i: s.s[i] == 0)
    def set_s(m, s, i):
        return s.set(s=put(s.s, i, 1))


    @action(params=("lanes",), guard=lambda m, s, i: s.l[i] == 0)
    def set_l(m, s, i):
        return s.set(l=put(s.l, i, 1))


    @invariant
    def slots_double(m, s):
        return len(s.s) == 2 * len(s.w)


    SPEC = ModelSpec(name="bits", doc="bits set once", state=S,
                     params=(Param("n", 1, 3, 1), Param.derived("slots", lambda p: DERIVE)),
                     index_sets={"workers": "n", "slots": "slots", "lanes": 2},
                     init=lambda m: S(w=(0,) * len(m.workers), s=(0,) * len(m.slots), l=(0, 0)),
                     actions=(set_w, set_s, set_l), policies={}, properties=(slots_double,), deadlock=False)
''')


def _spec(tmp_path, derive='2 * p["n"]'):
    path = tmp_path / "bits.py"
    path.write_text(MODEL.replace("DERIVE", derive))
    return f"{path}:SPEC"


def _check(run_cli, tmp_path, *args):
    return run_cli("check", *args, "--json", "--trace-dir", str(tmp_path / "tr"))


@pytest.mark.parametrize("n", [1, 2])
def test_a_derived_parameter_and_a_fixed_set_size_the_state(run_cli, tmp_path, n):
    code, out, err = _check(run_cli, tmp_path, "--model", _spec(tmp_path), "-p", f"n={n}")
    row = json.loads(out)
    assert code == 0, err
    assert row["params"] == {"n": n, "slots": 2 * n} and row["states"] == 2 ** (n + 2 * n + 2)


def test_a_derived_parameter_cannot_be_set_to_another_value(run_cli, tmp_path):
    code, _, err = _check(run_cli, tmp_path, "--model", _spec(tmp_path), "-p", "n=1", "-p", "slots=3")
    assert code == 2 and "parameter slots is derived (2 here) and cannot be set" in err
    code, _, _ = _check(run_cli, tmp_path, "--model", _spec(tmp_path), "-p", "n=1", "-p", "slots=2")
    assert code == 0


@pytest.mark.parametrize("derive,message", [('1 / 0', "derived parameter slots raised ZeroDivisionError"),
                                            ('"two"', "derived parameter slots = 'two'"),
                                            ('-1', "derived parameter slots = -1, outside 0..")])
def test_a_bad_derived_value_is_one_line(run_cli, tmp_path, derive, message):
    code, _, err = _check(run_cli, tmp_path, "--model", _spec(tmp_path, derive))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("size,message", [("99", "fixed size 99, outside 0..64"), ('"m"', "sized by 'm'")])
def test_a_bad_index_set_size_is_one_line(run_cli, tmp_path, size, message):
    path = tmp_path / "bad.py"
    path.write_text(MODEL.replace("DERIVE", '2 * p["n"]').replace('"lanes": 2', f'"lanes": {size}'))
    code, _, err = _check(run_cli, tmp_path, "--model", f"{path}:SPEC")
    assert code == 2 and message in err, err


def test_list_shows_a_derived_parameter(run_cli, tmp_path):
    code, out, _ = run_cli("list", "--model", _spec(tmp_path), "--json")
    params = json.loads(out)["params"]
    assert code == 0 and params["slots"]["derived"] and params["slots"]["default"] is None
    assert not params["n"]["derived"] and params["n"]["default"] == 1


@pytest.mark.parametrize("name", ["init", "name", "actions"])
def test_a_parameter_named_like_a_model_attribute_is_refused(run_cli, tmp_path, name):
    # m.init is Model.init (the initial state), so a parameter `init` would never be read as m.init.
    path = tmp_path / "shadow.py"
    path.write_text(MODEL.replace("DERIVE", '2 * p["n"]').replace('Param("n", 1, 3, 1)',
                                                                   f'Param("n", 1, 3, 1), Param("{name}", 0, 1, 0)'))
    code, _, err = _check(run_cli, tmp_path, "--model", f"{path}:SPEC")
    assert code == 2 and f"parameter or index set '{name}' has the name of a Model attribute" in err, err
    assert len(err.strip().splitlines()) == 1
