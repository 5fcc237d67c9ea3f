"""Policies: the designs under test, plugged into a model's declared hooks.

A policy is a plain class (no base class to inherit) with

- `name`: its registry name (kebab-case), optional for user policies;
- hook methods named by the model (`HookSpec`), each called as
  `hook(m, s, *args)` and returning a state built with `s.set()`; a hook the
  policy leaves out changes nothing (or comes from a setting's provider);
- settings the model declares (`Setting`: `quiesce = False`, `hcalls`);
- `actions`: optional extra `Action`s the policy adds (a deferred flush);
- `fairness`: optional, what its liveness verdicts assume (a tuple of
  `Fair`, or of action names for weak fairness; model.core.liveness).
  Like hooks and actions, a setting's provider supplies it when the policy
  does not.

Any other public attribute is refused with the names the model knows, so a
misspelt hook or setting is never silently ignored. `HookTable` is the
policy as engines see it; every hook, policy action and cost function runs
behind its checks:

- an exception (SystemExit included) becomes a `PolicyError` naming the
  policy and the hook or action (engines add the step);
- a hook or policy action must return a state of the model's class, and may
  change only the fields it declares (a hook: its `writes`; a policy
  action: what the model's hooks may write). A breach is a
  `ContractBreach`, definite in every engine.

`load_policy_file("path/to/file.py:ClassName")` loads a design written
outside the project.
"""
from __future__ import annotations

import dataclasses
import inspect
from typing import Any, Callable, Mapping, TypeAlias

from hintcheck.model.core.action import Action
from hintcheck.model.core.errors import PolicyError
from hintcheck.model.core.guard import Guard, describe
from hintcheck.model.core.hooks import HookSpec, Setting
from hintcheck.model.core.liveness import declared_fairness
from hintcheck.model.core.loader import load_ref
from hintcheck.model.core.protocols import State

# A hook as the model calls it, `(m, s, *args)`, returning the state after it.
Hook: TypeAlias = Callable[..., State]

_RESERVED = frozenset({"name", "actions", "fairness"})


def _identity(m: Any, s: Any, *args: Any) -> Any:
    return s


def _public(policy: Any) -> list[str]:
    return [n for n in dir(policy) if not n.startswith("_")]


def _takes(fn: Callable[..., Any], n: int) -> bool:
    try:
        inspect.signature(fn).bind(*([None] * n))
    except TypeError:
        return False
    except ValueError:          # no signature to read (a builtin): let the call tell
        return True
    return True


def as_instance(policy: Any, label: str) -> Any:
    """A policy class instantiated, or a policy object checked to be an instance of a class."""
    if inspect.isclass(policy):
        try:
            return policy()
        except BaseException as exc:  # noqa: BLE001 -- user code
            if isinstance(exc, KeyboardInterrupt):
                raise
            raise PolicyError(f"policy {label}: constructor raised {type(exc).__name__}: {exc}") from exc
    if (inspect.isroutine(policy) or inspect.ismodule(policy) or type(policy).__module__ == "builtins"
            or isinstance(policy, type(_identity))):
        raise PolicyError(f"policy {label}: a policy must be a class, got {describe(policy)}")
    return policy


class HookTable:
    """A policy seen through the model's declarations: every hook callable, every setting resolved.

    `hook(name)` is the checked hook, `m.policy.<hook>(m, s, *args)` the
    same; `m.policy.<setting>` a setting's value (the policy's or the
    default). `notes` names the defaults that were applied for settings
    that choose an implementation, to be printed with the verdict.
    """

    def __init__(self, policy: Any, label: str, hooks: tuple[HookSpec, ...], settings: tuple[Setting, ...],
                 state_cls: type) -> None:
        impl = as_instance(policy, label)
        self.impl, self.name = impl, label
        self.notes: list[str] = []
        known_hooks = {h.name: h for h in hooks}
        known_settings = {st.name: st for st in settings}
        self._check_names(impl, known_hooks, known_settings)
        self.settings = self._resolve_settings(impl, known_settings)
        base = self._providers(impl, known_settings)
        policy_writes: dict[str, str | None] = {}
        for h in hooks:
            for name in h.write_map():
                policy_writes[name] = None
        self._hooks: dict[str, Hook] = {}
        for h in hooks:
            fn = getattr(impl, h.name, None)
            origin = label
            if fn is None:
                provider = next((p for p in base if getattr(p, h.name, None) is not None), None)
                if provider is not None:
                    fn, origin = getattr(provider, h.name), f"{label} ({type(provider).__name__})"
            if fn is None:
                self._hooks[h.name] = _identity
                continue
            if not callable(fn):
                raise PolicyError(f"policy {label}: hook {h.name} is {describe(fn)}, not a method")
            if not _takes(fn, 2 + len(h.args)):
                raise PolicyError(f"policy {label}: hook {h.name} does not take the model's arguments; "
                                  f"it is called as {h.signature}")
            self._hooks[h.name] = self._checked(Guard(origin, f"hook {h.name}", state_cls, h.write_map(),
                                                      h.args), fn)
        raw_actions = [a for p in base for a in getattr(p, "actions", ())] + list(getattr(impl, "actions", ()))
        self.actions = tuple(self._checked_action(a, label, state_cls, policy_writes) for a in raw_actions)
        self.hcalls = self._hcalls(label, known_hooks)
        own = getattr(impl, "fairness", None)
        declared = own if own is not None else [f for p in base for f in getattr(p, "fairness", ())]
        try:
            self.fairness = declared_fairness(declared, f"policy {label}")
        except ValueError as exc:
            raise PolicyError(str(exc)) from None

    # -- names -----------------------------------------------------------------------------------------

    @staticmethod
    def _check_names(impl: Any, hooks: Mapping[str, HookSpec], settings: Mapping[str, Setting]) -> None:
        label = getattr(impl, "name", type(impl).__name__)
        for n in _public(impl):
            if n in hooks or n in settings or n in _RESERVED:
                continue
            known = ", ".join(sorted(hooks)) or "none"
            sets = ", ".join(sorted(settings)) or "none"
            raise PolicyError(f"policy {label}: unknown attribute {n!r}; hooks: {known}; settings: {sets}")
        name = getattr(impl, "name", "")
        if not isinstance(name, str):
            raise PolicyError(f"policy {type(impl).__name__}: name must be a string, got {describe(name)}")

    def _resolve_settings(self, impl: Any, settings: Mapping[str, Setting]) -> dict[str, Any]:
        out = {}
        for st in settings.values():
            if hasattr(impl, st.name):
                value = getattr(impl, st.name)
                problem = st.problem(value)
                if problem is not None:
                    raise PolicyError(f"policy {self.name}: setting {st.name}: {problem}")
                out[st.name] = value
            else:
                out[st.name] = st.default
                if st.provides:
                    self.notes.append(f"{st.name} not named by the policy: default {st.name} = {st.default!r} "
                                      f"applied (set {st.name} = one of {', '.join(map(repr, st.choices))})")
        return out

    def _providers(self, impl: Any, settings: Mapping[str, Setting]) -> list[Any]:
        return [st.provides[self.settings[st.name]]() for st in settings.values()
                if st.provides and self.settings[st.name] in st.provides]

    # -- checked calls ---------------------------------------------------------------------------------

    @staticmethod
    def _checked(guard: Guard, fn: Hook) -> Hook:
        def hook(m: Any, s: Any, *args: Any) -> Any:
            return guard.state(fn, m, s, *args)
        return hook

    @staticmethod
    def _checked_action(act: Any, label: str, state_cls: type, writes: Mapping[str, str | None]) -> Action:
        if not isinstance(act, Action):
            raise PolicyError(f"policy {label}: actions holds {describe(act)}, not an @action")
        effect = Guard(label, f"action {act.name}", state_cls, writes)
        other = Guard(label, f"guard of action {act.name}", state_cls, None)

        def guard_fn(m: Any, s: Any, *args: Any) -> Any:
            return other.call(act.guard, m, s, *args)

        def effect_fn(m: Any, s: Any, *args: Any) -> Any:
            return effect.state(act.effect, m, s, *args)

        costs = {k: HookTable._checked_value(Guard(label, f"cost {k} of action {act.name}", state_cls, None), fn)
                 for k, fn in act.cost.items()}
        effect_fn.__signature__ = inspect.signature(act.effect)  # type: ignore[attr-defined]
        return dataclasses.replace(act, guard=guard_fn, effect=effect_fn, cost=costs)

    @staticmethod
    def _checked_value(guard: Guard, fn: Callable[..., Any]) -> Callable[..., Any]:
        def value(*args: Any) -> Any:
            return guard.call(fn, *args)
        return value

    def _hcalls(self, label: str, hooks: Mapping[str, HookSpec]) -> dict[str, Any]:
        spec = self.settings.get("hcalls")
        if not spec:
            return {}
        out: dict[str, Any] = {}
        for hook, value in spec.items():
            if hook not in hooks:
                raise PolicyError(f"policy {label}: hcalls names {hook!r}, not a hook; "
                                  f"hooks: {', '.join(sorted(hooks))}")
            if callable(value):
                out[hook] = self._checked_value(Guard(label, f"hcalls[{hook!r}]", object, None), value)
            elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                out[hook] = value
            else:
                raise PolicyError(f"policy {label}: hcalls[{hook!r}] = {value!r:.40}: expected an int >= 0 "
                                  "or a function (m, s, *args)")
        return out

    # -- what model code reads -------------------------------------------------------------------------

    def hook(self, name: str) -> Hook:
        return self._hooks[name]

    def offers(self, name: str) -> bool:
        """Whether the model declares hook point `name` (implemented by the policy or not)."""
        return name in self._hooks

    def defines(self, name: str) -> bool:
        """Whether the policy (or its provider) implements hook `name`."""
        return self._hooks[name] is not _identity

    def __getattr__(self, attr: str) -> Any:
        hooks = self.__dict__.get("_hooks")
        if hooks is not None and attr in hooks:
            return hooks[attr]
        settings = self.__dict__.get("settings")
        if settings is not None and attr in settings:
            return settings[attr]
        raise AttributeError(f"policy has no hook or setting {attr!r}")


def load_policy_file(ref: str) -> tuple[type, str]:
    """The class `Class` of `path.py:Class`, and its label."""
    cls, label = load_ref(ref, "policy", PolicyError, "class")
    if not inspect.isclass(cls):
        raise PolicyError(f"policy {ref}: {ref.rpartition(':')[2]} is {describe(cls)}, not a class")
    return cls, label
