"""The Z3 engines, registered in `hintcheck.engines`: "z3-bmc", "z3-induction", "z3-any-n".

- z3-bmc: bounded model checking to `depth` (default 10);
- z3-induction: BMC to `depth`, then k-induction for the model's
  parameters (`k`, default 1; 0 stops after BMC) assuming and proving
  `lemmas`;
- z3-any-n: BMC to `depth`, then the proof for any number of the model's
  interchangeable index (`lemmas` named, else inferred from `mine_size`
  and `max_literals`; `timeout_s` per solver query).

`lemmas` are invariants of the model, as `Property` objects or names.
"""
from __future__ import annotations

from hintcheck.floor import Engine, Request, Result
from hintcheck.model.core import Property
from hintcheck.symbolic.bmc import bmc
from hintcheck.symbolic.prove import ProofPlan, prove


def _lemmas(request: Request) -> tuple[Property, ...]:
    named = request.option("lemmas", ())
    return tuple(request.model.property_named(c) if isinstance(c, str) else c for c in named)


def _depth(request: Request) -> int:
    return int(request.option("depth", ProofPlan.depth))


def run_bmc(request: Request) -> Result:
    """Bounded model checking: `violated` with a shortest trace, else `bounded` at `depth`."""
    return bmc(request.model, request.prop, _depth(request))


def run_induction(request: Request) -> Result:
    """`prove` with k-induction after BMC."""
    k = int(request.option("k", 1))
    plan = ProofPlan(depth=_depth(request), induction=k or None, lemmas=_lemmas(request))
    return prove(request.model, request.prop, plan)


def run_any_n(request: Request) -> Result:
    """`prove` for any number of the interchangeable index after BMC."""
    base = ProofPlan()
    plan = ProofPlan(depth=_depth(request), unbounded=True, lemmas=_lemmas(request),
                     mine_size=int(request.option("mine_size", base.mine_size)),
                     max_literals=int(request.option("max_literals", base.max_literals)),
                     timeout_s=int(request.option("timeout_s", base.timeout_s)))
    return prove(request.model, request.prop, plan)


BMC = Engine("z3-bmc", "proof", run_bmc, options=frozenset({"depth"}),
             doc="bounded model checking on the transition relation derived from the model")
INDUCTION = Engine("z3-induction", "proof", run_induction, options=frozenset({"depth", "k", "lemmas"}),
                   doc="bounded model checking, then k-induction for the model's parameters")
ANY_N = Engine("z3-any-n", "proof", run_any_n,
               options=frozenset({"depth", "lemmas", "timeout_s", "mine_size", "max_literals"}), symmetric=True,
               doc="bounded model checking, then a proof for any number of the interchangeable index")
