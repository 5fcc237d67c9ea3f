"""The engine registry: every engine by name, imported on first use.

Each line of `ENGINES` maps a name to "module:attribute" of an `Engine`
(`hintcheck.floor.engine`); nothing is imported until an engine is asked
for, so commands that run none (`hintcheck list`, `replay`) never load
Z3 or Hypothesis. Adding an engine is one module plus one line here
(docs/engines.md).

- "auto" (the default of `check`): "vector" when the model vectorises,
  otherwise "explore", with the reason in `stats.extra["vector_fallback"]`;
- "vector": the level-at-a-time numpy search; a model that does not
  vectorise is an error naming the model and the action;
- "explore": the plain breadth-first search, the oracle;
- "hypothesis": a Hypothesis state machine generated from the model;
- "z3-bmc", "z3-induction", "z3-any-n": bounded model checking, then
  k-induction, or the proof for any number of pages.
"""
from __future__ import annotations

import importlib

from hintcheck.floor import Engine, Family, NotLowerable, Request, Result
from hintcheck.floor.contract import static_check
from hintcheck.floor.symcheck import check_symmetry
from hintcheck.model.core import HintcheckError

ENGINES: dict[str, str] = {
    "auto": "hintcheck.engines:AUTO",
    "vector": "hintcheck.vector.engine:ENGINE",
    "explore": "hintcheck.explore.engine:ENGINE",
    "hypothesis": "hintcheck.stateful.engine:ENGINE",
    "z3-bmc": "hintcheck.symbolic.engine:BMC",
    "z3-induction": "hintcheck.symbolic.engine:INDUCTION",
    "z3-any-n": "hintcheck.symbolic.engine:ANY_N",
    "liveness": "hintcheck.liveness.engine:ENGINE",
}
ENGINE_NAMES: tuple[str, ...] = tuple(ENGINES)

_loaded: dict[str, Engine] = {}


def engine_named(name: str) -> Engine:
    """The engine registered as `name`, imported on first use."""
    if name not in ENGINES:
        raise HintcheckError(f"unknown engine {name!r}; known: {', '.join(ENGINE_NAMES)}")
    if name not in _loaded:
        module, _, attr = ENGINES[name].partition(":")
        engine = getattr(importlib.import_module(module), attr)
        if not isinstance(engine, Engine) or engine.name != name:
            raise TypeError(f"registry entry {name!r}: {ENGINES[name]} is not the Engine named {name!r}")
        _loaded[name] = engine
    return _loaded[name]


def engine_names(family: Family | None = None) -> tuple[str, ...]:
    """Every engine name in registry order, or those of one verdict family (this imports them)."""
    return tuple(n for n in ENGINE_NAMES if family is None or engine_named(n).family == family)


def run_engine(name: str, request: Request) -> Result:
    """Run the named engine on `request`.

    Raises
    ------
    HintcheckError
        An unknown engine or option, bad option values, `symmetry` asked
        of a model that declares no symmetric index set, or (`SymmetryError`)
        a symmetric set that is not one for this model, policy, parameters
        and property (`floor.symcheck`), checked before a symmetric search
        and before an engine that always relies on it.
    """
    engine = engine_named(name)
    symmetric = request.option("symmetry", False)
    static_check(request.model)
    if request.prop.kind == "liveness":
        if name == "auto":
            engine = engine_named("liveness")
        elif name != "liveness":
            raise HintcheckError(f"property {request.prop.name} is a liveness property: engine {name} checks "
                                 "safety only; use the liveness engine (check's default does)")
        return engine(request)          # it refuses symmetry itself
    if name == "liveness":
        return engine(request)          # it refuses a safety property itself
    if symmetric and not request.model.symmetric:
        raise HintcheckError(f"model {request.model.name} declares no symmetric index set: "
                             "--symmetry does not apply")
    if symmetric or engine.symmetric:
        check_symmetry(request.model, request.prop)
    return engine(request)


def _auto(request: Request) -> Result:
    try:
        return engine_named("vector")(request)
    except NotLowerable as exc:
        result = engine_named("explore")(request)
        result.stats.extra["vector_fallback"] = " ".join(str(exc.__cause__ or exc).split())
        return result


AUTO = Engine("auto", "exhaustive", _auto, options=frozenset({"symmetry"}),
              doc="the vector engine when the model vectorises, otherwise the plain search")
