"""Counterexamples as data: one versioned JSON format for every engine.

A trace names the model, its parameters, the policy (registry name or
`file.py:Class`, with the SHA-256 of that file's bytes when it is a file),
the property, the engine and seed, the verdict, the number of steps, the
initial state and the steps, each with its arguments by name, the
hypercall (or other) cost labels of the step, and the state after it.
Enum values are written by name.

Loading checks every field's JSON type before anything else reads it:
a file that is not UTF-8, not JSON, not a trace, of another version, with
a field of the wrong type, an unknown key, or fewer or more steps than it
records is one `TraceError` line naming the field (and the step). States
are checked against the model by replay (`state_from_json`), which knows
the model's fields.

Version 1 covers traces with and without `policy_sha256`: the field is
optional, so traces written before it still load (replay then asks for
`--policy` before it imports a file policy), and a reader that ignores
unknown keys reads the new traces.

`hintcheck.trace.save` writes a trace exclusively and atomically.
"""
from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Mapping

from hintcheck.model.core import HintcheckError, Model, Step
from hintcheck.model.core.loader import file_digest
from hintcheck.floor.result import Verdict


class TraceError(HintcheckError):
    """A malformed, truncated, foreign or wrong-version trace."""


class TraceSaveError(HintcheckError):
    """A trace could not be written; nothing partial was left behind."""


def parse_json(text: str, where: str) -> Any:
    """JSON text as a value; every problem is one TraceError line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TraceError(f"{where}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except (ValueError, RecursionError) as exc:      # a 5,000-digit number, nesting too deep
        raise TraceError(f"{where}: not valid JSON ({' '.join(str(exc).split())[:80]})") from None


def read_json(path: str | Path) -> Any:
    """A file's bytes, decoded as UTF-8 and parsed as JSON; every problem is one TraceError line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TraceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:                         # a NUL byte in the name
        raise TraceError(f"{path!r:.80}: cannot read ({exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TraceError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} "
                         f"at offset {exc.start})") from None
    return parse_json(text, str(path))


def state_to_json(model: Model, state: Any) -> dict[str, Any]:
    """A state as a JSON object, enum values by name."""
    out: dict[str, Any] = {}
    for f in model.fields:
        value = getattr(state, f.name)
        out[f.name] = [f.domain.to_json(v) for v in value] if f.index else f.domain.to_json(value)   # a Grid: flat, row-major
    return out


def state_from_json(model: Model, raw: Any, where: str) -> Any:
    """Parse a recorded state; raise TraceError naming the field that is wrong."""
    if not isinstance(raw, dict):
        raise TraceError(f"{where}: state is not an object")
    values: dict[str, Any] = {}
    for f in model.fields:
        if f.name not in raw:
            only = f.domain.values(model.params)
            if len(only) != 1:
                raise TraceError(f"{where}: state lacks field {f.name!r}")
            # a field with one possible value under these parameters is implied (a trace recorded
            # before the model gained it, such as the postcopy fields without postcopy)
            value = only[0]
            values[f.name] = model.array(f, [value] * model.index_size(f.index)) if f.index else value
            continue
        try:
            if f.index:
                items = raw[f.name]
                size = model.index_size(f.index)
                if not isinstance(items, list) or len(items) != size:
                    raise ValueError(f"expected a list of {size} values")
                values[f.name] = model.array(f, (f.domain.from_json(v, model.params) for v in items))
            else:
                values[f.name] = f.domain.from_json(raw[f.name], model.params)
        except ValueError as exc:
            raise TraceError(f"{where}: field {f.name}: {str(exc):.200}") from None
    extra = set(raw) - {f.name for f in model.fields}
    if extra:
        raise TraceError(f"{where}: unknown state field {sorted(map(str, extra))[0]!r:.60}")
    return model.spec.state(**values)


def policy_file(policy: str) -> Path | None:
    """The file a `path/to/file.py:Class` policy names; None for a registry name.

    >>> policy_file("designs/mine.py:MyUndo"), policy_file("rfc")
    (PosixPath('designs/mine.py'), None)
    """
    path, sep, _ = policy.rpartition(":")
    return Path(path) if sep and path else None


def policy_digest(path: Path) -> str:
    """SHA-256 of a policy file's bytes; OSError when it is not a readable regular file."""
    if not stat.S_ISREG(os.stat(path).st_mode):          # a FIFO or a device would never end
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return file_digest(path)


# -- the JSON form, checked field by field -------------------------------------------------------------

_REQUIRED = ("format", "version", "model", "params", "policy", "property", "engine", "seed",
             "verdict", "length", "init", "steps")
_OPTIONAL = ("policy_sha256", "model_sha256", "meta")
_OPTIONAL_V2 = ("loop",)            # version 2: a lasso's loop point
_STEP_REQUIRED = ("action", "args", "state")
_STEP_OPTIONAL = ("cost",)
_VERDICTS = {v.value: v for v in Verdict}


def _kind(value: Any) -> str:
    """The JSON type of `value`, as an error message names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    for cls, name in ((int, "an integer"), (float, "a number"), (str, "a string"),
                      (list, "a list"), (dict, "an object")):
        if isinstance(value, cls):
            return name
    return type(value).__name__


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _keys(raw: dict[Any, Any], required: tuple[str, ...], optional: tuple[str, ...], where: str) -> None:
    for key in required:
        if key not in raw:
            raise TraceError(f"{where}: malformed or truncated trace: no {key!r}")
    unknown = sorted(repr(k) for k in raw if k not in required + optional)
    if unknown:
        raise TraceError(f"{where}: unknown key {unknown[0]:.60}")


def _text(value: Any, name: str, where: str) -> str:
    """A non-empty string that can be printed (no lone surrogates)."""
    if not isinstance(value, str) or not value.strip():
        got = "an empty string" if isinstance(value, str) else _kind(value)
        raise TraceError(f"{where}: {name} must be a non-empty string, not {got}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise TraceError(f"{where}: {name} is not valid Unicode text") from None
    return value


def _object(value: Any, name: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TraceError(f"{where}: {name} must be an object, not {_kind(value)}")
    for key in value:
        if not isinstance(key, str):
            raise TraceError(f"{where}: {name} has a key that is {_kind(key)}, not a string")
    return value


def _counts(value: Any, name: str, where: str) -> dict[str, int]:
    """An object of name -> integer (a boolean is not an integer)."""
    out = _object(value, name, where)
    for key, n in out.items():
        _text(key, f"a key of {name}", where)
        if not _is_int(n):
            raise TraceError(f"{where}: {name}[{key!r:.40}] must be an integer, not {_kind(n)}")
    return dict(out)


def _header(raw: Any, fmt: str, versions: tuple[int, ...], where: str) -> dict[str, Any]:
    """The top-level object, once it is known to be a trace of a version read here, with known keys only."""
    if not isinstance(raw, dict) or raw.get("format") != fmt:
        raise TraceError(f"{where}: not a hintcheck trace (format must be {fmt!r})")
    found = raw.get("version")
    if not _is_int(found) or found not in versions:
        raise TraceError(f"{where}: trace version {found!r:.40} is not supported "
                         f"(this hintcheck reads versions {', '.join(map(str, versions))})")
    _keys(raw, _REQUIRED, _OPTIONAL + (_OPTIONAL_V2 if found >= 2 else ()), where)
    return raw


def _step(raw: Any, k: int, where: str) -> tuple[Step, dict[str, Any]]:
    at = f"{where}: step {k}"
    if not isinstance(raw, dict):
        raise TraceError(f"{at} must be an object, not {_kind(raw)}")
    _keys(raw, _STEP_REQUIRED, _STEP_OPTIONAL, at)
    action = _text(raw["action"], "action", at)
    args = _counts(raw["args"], "args", at)
    cost = _counts(raw["cost"], "cost", at) if "cost" in raw else {}
    return Step(action, args, cost), _object(raw["state"], "state", at)


def _seed(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if not _is_int(value):
        raise TraceError(f"{where}: seed must be an integer or null, not {_kind(value)}")
    return int(value)


def _verdict(value: Any, where: str) -> Verdict:
    if not isinstance(value, str) or value not in _VERDICTS:
        shown = f"{value!r:.40}" if isinstance(value, str) else _kind(value)
        raise TraceError(f"{where}: verdict {shown} is not one of {', '.join(_VERDICTS)}")
    return _VERDICTS[value]


def _digest(value: Any, where: str, name: str = "policy_sha256") -> str:
    if (not isinstance(value, str) or len(value) != 64
            or any(c not in "0123456789abcdef" for c in value)):
        raise TraceError(f"{where}: {name} must be 64 lowercase hex digits")
    return value


def step_json(st: Step) -> dict[str, Any]:
    """A step as a trace records it: action, arguments by name, and its non-zero cost labels."""
    return {"action": st.action, "args": dict(st.args), **({"cost": dict(st.cost)} if st.cost else {})}


@dataclass(frozen=True)
class Trace:
    """A counterexample as data: everything needed to replay it exactly."""

    FORMAT: ClassVar[str] = "hintcheck-trace"
    VERSION: ClassVar[int] = 1           # written for a finite trace, so older readers still read it
    LASSO_VERSION: ClassVar[int] = 2     # written for a lasso: version 1 plus "loop"
    VERSIONS: ClassVar[tuple[int, ...]] = (1, 2)

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
    policy_sha256: str | None = None        # SHA-256 of the policy file's bytes (file policies only)
    model_sha256: str | None = None         # SHA-256 of the model file's bytes (`model` is `file.py:Spec`)
    loop: int | None = None                 # a lasso: the last state is state `loop` again (0 = initial)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.FORMAT, "version": self.VERSION if self.loop is None else self.LASSO_VERSION,
            "model": self.model, "params": dict(self.params), "policy": self.policy,
            **({"policy_sha256": self.policy_sha256} if self.policy_sha256 else {}),
            **({"model_sha256": self.model_sha256} if self.model_sha256 else {}),
            "property": self.property, "engine": self.engine, "seed": self.seed,
            "verdict": self.verdict.value, "length": len(self.steps),
            "init": dict(self.init),
            "steps": [{**step_json(st), "state": dict(state)} for st, state in zip(self.steps, self.states)],
            **({"meta": dict(self.meta)} if self.meta else {}),
            **({"loop": self.loop} if self.loop is not None else {}),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1) + "\n"

    def file_name(self) -> str:
        """`<model>-<policy>-<property>[-<param><value>...].json` (a file's stem for a file)."""
        model, policy = (Path(ref.rpartition(":")[0]).stem if ":" in ref else ref
                         for ref in (self.model, self.policy))
        suffix = "".join(f"-{k[0]}{v}" for k, v in sorted(self.params.items()))
        return f"{model}-{policy}-{self.property}{suffix}.json"

    @classmethod
    def loads(cls, text: str, where: str = "trace") -> Trace:
        """Parse a trace from JSON text; every problem is one TraceError line."""
        return cls.from_json(parse_json(text, where), where)

    @classmethod
    def load(cls, path: str | Path) -> Trace:
        """Read a trace file as bytes, decode it as UTF-8 and parse it."""
        return cls.from_json(read_json(path), str(path))

    @classmethod
    def from_json(cls, raw: Any, where: str = "trace") -> Trace:
        """A trace from a JSON value (as `json.loads` returns it), every field type-checked.

        The states stay JSON objects: replay checks them against the model.
        """
        raw = _header(raw, cls.FORMAT, cls.VERSIONS, where)
        steps_raw = raw["steps"]
        if not isinstance(steps_raw, list):
            raise TraceError(f"{where}: steps must be a list, not {_kind(steps_raw)}")
        length = raw["length"]
        if not _is_int(length):
            raise TraceError(f"{where}: length must be an integer, not {_kind(length)}")
        if length != len(steps_raw):
            raise TraceError(f"{where}: damaged: records {length} steps, holds {len(steps_raw)}")
        parsed = [_step(s, k, where) for k, s in enumerate(steps_raw, start=1)]
        meta = _object(raw["meta"], "meta", where) if "meta" in raw else {}
        digest = _digest(raw["policy_sha256"], where) if "policy_sha256" in raw else None
        model_digest = _digest(raw["model_sha256"], where, "model_sha256") if "model_sha256" in raw else None
        loop = raw.get("loop")
        if loop is not None and (not _is_int(loop) or not 0 <= loop <= length):
            raise TraceError(f"{where}: loop must be a state number 0..{length}, not {loop!r:.40}")
        return cls(model=_text(raw["model"], "model", where), params=_counts(raw["params"], "params", where),
                   policy=_text(raw["policy"], "policy", where),
                   property=_text(raw["property"], "property", where),
                   engine=_text(raw["engine"], "engine", where), seed=_seed(raw["seed"], where),
                   verdict=_verdict(raw["verdict"], where), init=_object(raw["init"], "init", where),
                   steps=tuple(st for st, _ in parsed), states=tuple(state for _, state in parsed),
                   meta=dict(meta), policy_sha256=digest, model_sha256=model_digest, loop=loop)
