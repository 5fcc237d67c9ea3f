"""Policies: the designs under test, plugged into a model's named hooks.

A policy is a plain class (no base class to inherit) with

- `name`: its registry name (kebab-case), optional for user policies;
- hook methods named by the model (`on_free`, `on_alloc`, ...), each taking a
  state and the hook's arguments and returning a state built with `s.set()`;
  a hook the policy does not define leaves the state unchanged (a `Hook`:
  called as `(s, *args)`, or `(m, s, *args)` where the model says so, see
  `protocols`);
- `actions`: optional extra `Action`s the policy adds (a deferred flush).

`load_policy_file("path/to/file.py:ClassName", hooks)` loads a design
written outside the project. Every failure is a `PolicyError` with one line
naming the file, class or hook.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any, Callable, Mapping, TypeAlias

from hintcheck.model.core.errors import PolicyError
from hintcheck.model.core.protocols import State

# A hook as the model calls it: `(s, *args)` or `(m, s, *args)`, returning the
# state after it. Which of the two is the model's choice, so only the result
# is typed.
Hook: TypeAlias = Callable[..., State]


def unknown_hooks(policy: Any, hooks: Mapping[str, str]) -> list[str]:
    """Methods named like hooks (`on_*`) that the model does not call."""
    names = [n for n in dir(policy) if n.startswith("on_") and callable(getattr(policy, n))]
    return [n for n in names if n not in hooks]


def check_hooks(policy: Any, label: str, hooks: Mapping[str, str]) -> None:
    """Reject a policy with a misspelt or foreign hook name."""
    bad = unknown_hooks(policy, hooks)
    if bad:
        raise PolicyError(f"policy {label}: unknown hook {bad[0]!r}; known: {', '.join(sorted(hooks))}")


def _guarded(label: str, hook: str, fn: Hook) -> Hook:
    def call(*args: Any) -> State:
        try:
            return fn(*args)
        except PolicyError:
            raise
        except Exception as exc:  # a user hook may raise anything: report, never trace back
            raise PolicyError(f"policy {label}: hook {hook} raised {type(exc).__name__}: {exc}") from exc
    return call


class HookTable:
    """A policy seen through the model's hook list: every hook callable.

    Hooks the policy leaves out are the identity on the state. With
    `guard=True` (user policies) an exception inside a hook becomes a
    `PolicyError` naming the hook; engines add the step.
    """

    def __init__(self, policy: Any, label: str, hooks: Mapping[str, str], guard: bool) -> None:
        check_hooks(policy, label, hooks)
        self.impl = policy
        self.name = label
        self.actions = tuple(getattr(policy, "actions", ()))
        for hook in hooks:
            fn = getattr(policy, hook, None)
            if fn is None:
                setattr(self, hook, _identity)
            else:
                setattr(self, hook, _guarded(label, hook, fn) if guard else fn)

    def __getattr__(self, attr: str) -> Any:
        # Policy-specific settings (a batch size...) read by the policy's own actions.
        return getattr(self.impl, attr)


def _identity(s: Any, *args: Any) -> Any:
    # Called as `(s, *args)`; a model that calls hooks as `(m, s, *args)` skips
    # a hook the policy leaves out instead of calling this.
    return s


def load_policy_file(ref: str) -> tuple[Any, str]:
    """Instantiate `Class` from `path.py:Class`; return (instance, label)."""
    path_text, sep, cls_name = ref.rpartition(":")
    if not sep or not path_text or not cls_name:
        raise PolicyError(f"policy {ref!r}: expected path/to/file.py:ClassName")
    path = Path(path_text)
    if not path.is_file():
        raise PolicyError(f"policy file {path_text} not found")
    mod_name = f"hintcheck_user_policy_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise PolicyError(f"policy file {path_text}: cannot be imported as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise PolicyError(f"policy file {path_text} failed to import: {type(exc).__name__}: {exc}") from exc
    cls = getattr(module, cls_name, None)
    if cls is None:
        raise PolicyError(f"policy file {path_text} has no class {cls_name}")
    try:
        return cls(), f"{path_text}:{cls_name}"
    except Exception as exc:
        raise PolicyError(f"policy {ref}: constructor raised {type(exc).__name__}: {exc}") from exc
