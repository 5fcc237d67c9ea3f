"""Fields indexed by two index sets (a `Grid`: `per_index(("nodes", "nodes"), ...)`), on every engine.

Channels between `nodes` nodes: `chan[i, j]` is a message from i to j,
sent when the channel is empty (i != j) and received later. Reachable:
every subset of the N * (N - 1) off-diagonal channels, 2 ** (N * (N - 1))
states. `one_in_flight` fails after two sends.
"""
from __future__ import annotations

import json
import textwrap

import pytest

CHANNELS = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import (And, Domain, ModelSpec, Param, action, count, every, grid, invariant,
                                      per_index, put)


    @dataclass(frozen=True)
    class S:
        chan: tuple = per_index(("nodes", "nodes"), Domain.range(2))

        def set(self, **kw):
            return replace(self, **kw)


    @action(params=("nodes", "nodes"), guard=lambda m, s, i, j: And(i != j, s.chan[i, j] == 0))
    def send(m, s, i, j):
        return s.set(chan=SEND)


    @action(params=("nodes", "nodes"), guard=lambda m, s, i, j: s.chan[i, j] == 1)
    def receive(m, s, i, j):
        return s.set(chan=put(s.chan, (i, j), 0))


    @invariant
    def no_self_messages(m, s):
        return every(s.chan[i, i] == 0 for i in m.nodes)


    @invariant
    def one_in_flight(m, s):
        return count(v == 1 for v in s.chan) <= 1


    SPEC = ModelSpec(name="channels", doc="point-to-point channels", state=S, params=(Param("nodes", 1, 4, 3),),
                     index_sets={"nodes": "nodes"}, init=lambda m: S(chan=grid(len(m.nodes), len(m.nodes))),
                     actions=(send, receive), policies={}, properties=(no_self_messages, one_in_flight),
                     deadlock=False)
''')

GOOD = "put(s.chan, (i, j), 1)"


def _spec(tmp_path, send=GOOD):
    path = tmp_path / "channels.py"
    path.write_text(CHANNELS.replace("SEND", send))
    return f"{path}:SPEC"


def _rows(out):
    return {r["property"]: r for r in map(json.loads, out.strip().splitlines())}


@pytest.mark.parametrize("engine", ["explore", "vector"])
@pytest.mark.parametrize("nodes", [2, 3])
def test_every_pair_of_a_grid_is_a_state_variable(run_cli, tmp_path, engine, nodes):
    code, out, err = run_cli("check", "--model", _spec(tmp_path), "--engine", engine, "-p", f"nodes={nodes}",
                             "--json", "--trace-dir", str(tmp_path / "tr"))
    rows = _rows(out)
    assert code == 1, err
    assert rows["no_self_messages"]["states"] == 2 ** (nodes * (nodes - 1))
    assert (rows["one_in_flight"]["verdict"], rows["one_in_flight"]["trace_length"]) == ("violated", 2)
    trace = json.loads(open(rows["one_in_flight"]["trace"]).read())
    assert [s["action"] for s in trace["steps"]] == ["send", "send"] and len(trace["init"]["chan"]) == nodes ** 2
    assert run_cli("replay", rows["one_in_flight"]["trace"])[0] == 1


@pytest.mark.parametrize("run,verdict,code", [(("fuzz", "--examples", "100", "--seed", "0"), "violated", 1),
                                              (("prove", "--bmc-only", "--depth", "3"), "violated", 1)])
def test_sampling_and_bmc_read_grids(run_cli, tmp_path, run, verdict, code):
    got, out, err = run_cli(*run, "--model", _spec(tmp_path), "--property", "one_in_flight", "--json",
                            "--trace-dir", str(tmp_path / "tr"))
    row = _rows(out)["one_in_flight"]
    assert (got, row["verdict"], row["trace_length"]) == (code, verdict, 2), (out, err)


def test_induction_proves_an_invariant_over_a_grid(run_cli, tmp_path):
    code, out, err = run_cli("prove", "--model", _spec(tmp_path), "--property", "no_self_messages", "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and _rows(out)["no_self_messages"]["verdict"] == "proved", (out, err)


@pytest.mark.parametrize("engine", ["explore", "vector"])
def test_a_grid_replaced_by_a_plain_tuple_is_refused(run_cli, tmp_path, engine):
    spec = _spec(tmp_path, "tuple(put(s.chan, (i, j), 1))")
    code, _, err = run_cli("check", "--model", spec, "--engine", engine, "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and "field chan is a tuple, not a Grid of 3 x 3 (nodes, nodes)" in err, err


def test_a_write_outside_the_grid_domain_names_the_cell(run_cli, tmp_path):
    code, _, err = run_cli("check", "--model", _spec(tmp_path, "put(s.chan, (i, j), 2)"), "--engine", "explore",
                           "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and "field chan[0, 1] = 2 outside its domain 0..1" in err, err


def test_a_grid_over_an_undeclared_index_set_is_one_line(run_cli, tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(CHANNELS.replace("SEND", GOOD).replace('("nodes", "nodes"), Domain', '("nodes", "ports"), Domain'))
    code, _, err = run_cli("check", "--model", f"{path}:SPEC", "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and "field chan is over 'ports', not an index set" in err
