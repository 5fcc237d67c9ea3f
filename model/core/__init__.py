"""The model interface shared by every model and every engine."""
from hintcheck.model.core.action import Action, Step, action
from hintcheck.model.core.domains import Domain, FieldSpec, per_index, scalar, state_fields
from hintcheck.model.core.errors import ContractBreach, HintcheckError, ModelError, PolicyError
from hintcheck.model.core.expr import (And, Bool, Implies, Not, Or, Term, count, every, ite,
                                       put, some)
from hintcheck.model.core.grid import Grid, grid
from hintcheck.model.core.hooks import HCALLS, HookSpec, Setting
from hintcheck.model.core.liveness import Fair, always_eventually, eventually, eventually_always, leads_to
from hintcheck.model.core.measure import Measure
from hintcheck.model.core.model import Instance, Model, ModelSpec, Param
from hintcheck.model.core.property import Property, action_property, invariant
from hintcheck.model.core.protocols import ModelView, State

__all__ = [
    "HCALLS", "Action", "And", "Bool", "ContractBreach", "Domain", "Fair", "FieldSpec", "Grid", "HintcheckError", "Measure",
    "HookSpec", "Implies", "Instance", "Setting",
    "Model", "ModelError", "ModelSpec", "ModelView", "Not", "Or", "Param", "PolicyError",
    "Property", "State", "Step", "Term", "action", "action_property", "count", "every",
    "always_eventually", "eventually", "eventually_always", "grid", "invariant", "ite", "leads_to", "per_index", "put", "scalar", "some", "state_fields",
]
