"""Counterexamples as data: one versioned JSON format for every engine.

A trace names the model, its parameters, the policy (registry name or
`file.py:Class`), the property, the engine and seed, the verdict, the
initial state and the steps, each with its arguments by name, the
hypercall (or other) cost labels of the step, and the state after it.
Enum values are written by name.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Mapping

from hintcheck.model.core import HintcheckError, Model, Step
from hintcheck.floor.result import Verdict


class TraceError(HintcheckError):
    """A malformed, truncated, foreign or wrong-version trace."""


def state_to_json(model: Model, state: Any) -> dict[str, Any]:
    """A state as a JSON object, enum values by name."""
    out: dict[str, Any] = {}
    for f in model.fields:
        value = getattr(state, f.name)
        out[f.name] = [f.domain.to_json(v) for v in value] if f.index else f.domain.to_json(value)
    return out


def state_from_json(model: Model, raw: Any, where: str) -> Any:
    """Parse a recorded state; raise TraceError naming the field that is wrong."""
    if not isinstance(raw, dict):
        raise TraceError(f"{where}: state is not an object")
    values: dict[str, Any] = {}
    for f in model.fields:
        if f.name not in raw:
            raise TraceError(f"{where}: state lacks field {f.name!r}")
        try:
            if f.index:
                items = raw[f.name]
                size = model.index_size(f.index)
                if not isinstance(items, list) or len(items) != size:
                    raise ValueError(f"expected a list of {size} values")
                values[f.name] = tuple(f.domain.from_json(v, model.params) for v in items)
            else:
                values[f.name] = f.domain.from_json(raw[f.name], model.params)
        except ValueError as exc:
            raise TraceError(f"{where}: field {f.name}: {exc}") from None
    extra = set(raw) - {f.name for f in model.fields}
    if extra:
        raise TraceError(f"{where}: unknown state field {sorted(extra)[0]!r}")
    return model.spec.state(**values)


@dataclass(frozen=True)
class Trace:
    """A counterexample as data: everything needed to replay it exactly."""

    FORMAT: ClassVar[str] = "hintcheck-trace"
    VERSION: ClassVar[int] = 1

    model: str
    params: Mapping[str, int]
    policy: str
    property: str
    engine: str
    seed: int | None
    verdict: Verdict
    init: Mapping[str, Any]
    steps: tuple[Step, ...]
    states: tuple[Mapping[str, Any], ...]   # the JSON state after each step
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.FORMAT, "version": self.VERSION,
            "model": self.model, "params": dict(self.params), "policy": self.policy,
            "property": self.property, "engine": self.engine, "seed": self.seed,
            "verdict": self.verdict.value, "length": len(self.steps),
            "init": dict(self.init),
            "steps": [{"action": st.action, "args": dict(st.args),
                       **({"cost": dict(st.cost)} if st.cost else {}),
                       "state": dict(state)}
                      for st, state in zip(self.steps, self.states)],
            **({"meta": dict(self.meta)} if self.meta else {}),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1) + "\n"

    def file_name(self) -> str:
        """`<model>-<policy>-<property>[-<param><value>...].json`."""
        policy = Path(self.policy.partition(":")[0]).stem if ":" in self.policy else self.policy
        suffix = "".join(f"-{k[0]}{v}" for k, v in sorted(self.params.items()))
        return f"{self.model}-{policy}-{self.property}{suffix}.json"

    @classmethod
    def loads(cls, text: str, where: str = "trace") -> Trace:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TraceError(f"{where}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        return cls.from_json(raw, where)

    @classmethod
    def load(cls, path: str | Path) -> Trace:
        p = Path(path)
        try:
            text = p.read_text()
        except OSError as exc:
            raise TraceError(f"{path}: cannot read ({exc.strerror})") from None
        return cls.loads(text, str(path))

    @classmethod
    def from_json(cls, raw: Any, where: str = "trace") -> Trace:
        if not isinstance(raw, dict) or raw.get("format") != cls.FORMAT:
            raise TraceError(f"{where}: not a hintcheck trace (format must be {cls.FORMAT!r})")
        if raw.get("version") != cls.VERSION:
            raise TraceError(f"{where}: trace version {raw.get('version')!r} is not supported "
                             f"(this hintcheck reads version {cls.VERSION})")
        try:
            steps_raw = raw["steps"]
            steps = tuple(Step(s["action"], dict(s.get("args", {})), dict(s.get("cost", {})))
                          for s in steps_raw)
            states = tuple(s["state"] for s in steps_raw)
            return cls(model=str(raw["model"]), params=dict(raw["params"]),
                       policy=str(raw["policy"]), property=str(raw["property"]),
                       engine=str(raw["engine"]), seed=raw.get("seed"),
                       verdict=Verdict(raw["verdict"]), init=raw["init"],
                       steps=steps, states=states, meta=dict(raw.get("meta", {})))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise TraceError(f"{where}: malformed or truncated trace ({type(exc).__name__}: {exc})") from None


def save(trace: Trace, directory: str | Path) -> Path:
    """Write `trace` under `directory`; never overwrite a file with different content.

    An existing file with the same content is left as it is. A different
    file of the same name keeps its name and the new trace gets a numbered
    one (`...-2.json`).
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    text = trace.dumps()
    base = folder / trace.file_name()
    candidate, n = base, 1
    while candidate.exists():
        if candidate.read_text() == text:
            return candidate
        n += 1
        candidate = base.with_name(f"{base.stem}-{n}.json")
    candidate.write_text(text)
    return candidate
