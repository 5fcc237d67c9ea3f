"""The built-in models: name -> where its spec and its properties live.

Imports are lazy so that listing models does not import every model. A
model's properties (and the lemmas its proofs may use, `LEMMAS`) live in
`properties/` and are joined to its spec here.
"""
from __future__ import annotations

import importlib

from hintcheck.model.core import ModelError, ModelSpec
from hintcheck.model.core.loader import load_ref
from hintcheck.model.core.userspec import user_spec

# name: (module holding SPEC, module holding PROPERTIES)
MODELS: dict[str, tuple[str, str]] = {
    "reference": ("hintcheck.model.reference", "hintcheck.properties.reference"),
    "pseries": ("hintcheck.model.pseries", "hintcheck.properties.pseries"),
    "s390": ("hintcheck.model.s390", "hintcheck.properties.s390"),
    "hotplug": ("hintcheck.model.hotplug", "hintcheck.properties.hotplug"),
    "reporting": ("hintcheck.model.reporting", "hintcheck.properties.reporting"),
    "hpt": ("hintcheck.model.hpt", "hintcheck.properties.hpt"),
    "balloon": ("hintcheck.model.balloon", "hintcheck.properties.balloon"),
}


def model_names() -> list[str]:
    return list(MODELS)


def load_spec(name: str) -> ModelSpec:
    """The spec of built-in model `name`, with its properties attached, or of `path/to/file.py:Spec`.

    A model from a file carries its own properties and is checked and
    guarded by `userspec.user_spec`; every failure is one `ModelError` line.
    """
    if ":" in name:
        obj, ref = load_ref(name, "model", ModelError, "spec")
        return user_spec(obj, ref)
    if name not in MODELS:
        raise ModelError(f"unknown model {name!r}; known: {', '.join(MODELS)}, or path/to/file.py:Spec")
    spec_mod, prop_mod = MODELS[name]
    spec: ModelSpec = importlib.import_module(spec_mod).SPEC
    props = importlib.import_module(prop_mod)
    return spec.with_properties(tuple(props.PROPERTIES), tuple(getattr(props, "LEMMAS", ())))
