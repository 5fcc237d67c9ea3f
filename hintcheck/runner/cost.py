"""What a design costs: the model's measures over a workload of paths.

A workload is every path of the model up to a depth (`all_paths`: each
maximal path of at most `depth` steps, enumerated depth-first; `cost_of`
stops after `max_paths` of them and says so), or seeded random walks (`random_walks`: `walks`
paths of up to `depth` steps, each step drawn uniformly among the enabled
ones). A path stops early where no step is enabled.

Each step carries its action's cost labels (hypercalls `hcalls`,
`pages_sent`, `pages_skipped`, `resizes`, `stop_machine`), evaluated in
the state before it, exactly as a trace records them. A `Measure`
(`hintcheck.model.core.measure`) cuts each path into samples; a figure is
the number of samples, their mean and their worst, with the shortest
path of the workload that reaches the worst sample (up to its last
step) as a witness.
"""
from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hintcheck.floor.interpret import costed, successors
from hintcheck.model.core import HintcheckError, Measure, Model, ModelError, Step
from hintcheck.trace.format import step_json

# A path: the initial state, then (step, state after it) pairs.
Path = tuple[Any, tuple[tuple[Step, Any], ...]]


def samples(measure: Measure, steps: Sequence[Step]) -> list[tuple[int, int]]:
    """(value, number of steps up to the sample's last one) for each sample of `steps`.

    >>> per = Measure.per("h", ("hcalls",), ("alloc", "free"))
    >>> steps = [Step("refill", {}, {"hcalls": 1}), Step("alloc"), Step("free", {}, {"hcalls": 1}),
    ...          Step("spill", {}, {"hcalls": 2})]
    >>> samples(per, steps)                 # refill's call with the alloc, spill's with the last free
    [(1, 2), (3, 4)]
    >>> mig = Measure.between("p", ("pages_sent",), ("start",), ("finish",), abort=("cancel",))
    >>> samples(mig, [Step("start"), Step("send", {}, {"pages_sent": 1}), Step("cancel"), Step("start"),
    ...               Step("finish", {}, {"pages_sent": 2})])
    [(2, 5)]
    """
    def value(step: Step) -> int:
        if measure.only and step.action not in measure.only:
            return 0
        return sum(step.cost.get(c, 0) for c in measure.counters)

    out: list[tuple[int, int]] = []
    if measure.kind == "per":
        acc, pending = 0, None
        for k, step in enumerate(steps, start=1):
            acc += value(step)
            if step.action in measure.actions:
                if pending is not None:
                    out.append(pending)
                pending, acc = (acc, k), 0
        if pending is not None:
            out.append((pending[0] + acc, len(steps)))
        return out
    open_: int | None = None
    for k, step in enumerate(steps, start=1):
        if open_ is not None:
            if step.action in measure.abort:
                open_ = None
            elif step.action in measure.end:
                out.append((open_ + (value(step) if measure.include_end else 0), k))
                open_ = None
            else:
                open_ += value(step)
            continue
        if step.action in measure.start:
            open_ = value(step)
    return out


def check_measures(model: Model, measures: Sequence[Measure]) -> None:
    """Every action a measure names is one of the model's; one ModelError line otherwise."""
    known = {inst.action.name for inst in model.instances}
    for m in measures:
        for name in m.action_names:
            if name not in known:
                raise ModelError(f"model {model.name}: measure {m.name!r} names action {name!r}, "
                                 f"which the model (with policy {model.policy.name}) does not have")


def _step(model: Model, state: Any) -> list[tuple[Step, Any]]:
    return [(costed(model, model.instances[i], state), after) for i, after in successors(model, state)]


def all_paths(model: Model, depth: int) -> Iterator[Path]:
    """Every maximal path of at most `depth` steps, from each initial state, depth first."""
    for init in model.initial_states:
        stack: list[tuple[Any, tuple[tuple[Step, Any], ...]]] = [(init, ())]
        while stack:
            state, path = stack.pop()
            nexts = _step(model, state) if len(path) < depth else []
            if not nexts:
                yield init, path
                continue
            stack.extend((after, path + ((st, after),)) for st, after in reversed(nexts))


def random_walks(model: Model, depth: int, walks: int, seed: int) -> Iterator[Path]:
    """`walks` random paths of up to `depth` steps, uniform among enabled steps, from a seeded generator."""
    rng = random.Random(seed)
    inits = model.initial_states
    for _ in range(walks):
        init = state = inits[rng.randrange(len(inits))]
        path: list[tuple[Step, Any]] = []
        while len(path) < depth:
            nexts = _step(model, state)
            if not nexts:
                break
            st, state = nexts[rng.randrange(len(nexts))]
            path.append((st, state))
        yield init, tuple(path)


@dataclass
class Figure:
    """One measure over a workload: its samples' count, sum and worst, and a path to the worst."""

    measure: Measure
    samples: int = 0
    total: int = 0
    worst: int | None = None
    witness: Path | None = None

    @property
    def mean(self) -> float | None:
        return self.total / self.samples if self.samples else None

    def add(self, path: Path) -> None:
        init, steps = path
        for value, end in samples(self.measure, [st for st, _ in steps]):
            self.samples += 1
            self.total += value
            if self.worst is None or value > self.worst or (
                    value == self.worst and self.witness is not None and end < len(self.witness[1])):
                self.worst, self.witness = value, (init, steps[:end])      # the shortest path to the worst


@dataclass
class CostResult:
    """Every measure of a model over one workload, and what the workload was."""

    model: Model
    figures: list[Figure]
    workload: dict[str, Any]
    paths: int
    complete: bool          # False: `max_paths` cut the enumeration short


def cost_of(model: Model, *, depth: int, walks: int | None = None, seed: int = 0,
            max_paths: int = 200_000, measures: Sequence[Measure] | None = None) -> CostResult:
    """The model's measures (or `measures`) over all paths up to `depth` (`walks` None) or random walks."""
    chosen = tuple(model.spec.measures if measures is None else measures)
    if not chosen:
        raise HintcheckError(f"model {model.name} declares no cost measures (ModelSpec.measures)")
    check_measures(model, chosen)
    figures = [Figure(m) for m in chosen]
    if walks is None:
        workload: dict[str, Any] = {"kind": "all paths", "depth": depth, "max_paths": max_paths}
        paths: Iterator[Path] = all_paths(model, depth)
    else:
        workload = {"kind": "random walks", "depth": depth, "walks": walks, "seed": seed}
        paths = random_walks(model, depth, walks, seed)
    count, complete = 0, True
    for path in paths:
        if count == max_paths:          # one more path than the limit: the enumeration is cut short
            complete = False
            break
        count += 1
        for fig in figures:
            fig.add(path)
    return CostResult(model, figures, workload, count, complete)


def figure_row(result: CostResult, fig: Figure) -> dict[str, Any]:
    """One figure as a JSON row (the fields `cost` and `compare` share; docs/json.md)."""
    steps = fig.witness[1] if fig.witness is not None else ()
    return {"model": result.model.name, "params": dict(result.model.params), "policy": result.model.policy.name,
            "measure": fig.measure.name, "role": fig.measure.role, "counters": list(fig.measure.counters),
            "workload": dict(result.workload), "paths": result.paths, "complete": result.complete,
            "samples": fig.samples, "mean": None if fig.mean is None else round(fig.mean, 6),
            "worst": fig.worst, "witness": [step_json(st) for st, _ in steps]}
