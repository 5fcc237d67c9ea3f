"""`hintcheck list`: models, their parameters, policies and properties."""
from __future__ import annotations

import click
from rich.console import Console

from hintcheck.cli.options import emit_json, json_option
from hintcheck.model.registry import load_spec, model_names


@click.command("list")
@json_option
def list_models(as_json: bool) -> int:
    """List the built-in models, their parameters, policies and properties."""
    console = Console()
    for name in model_names():
        spec = load_spec(name)
        params = {p.name: {"range": [p.lo, p.hi], "default": p.default, "doc": p.doc} for p in spec.params}
        if as_json:
            emit_json({"model": name, "doc": spec.doc, "params": params,
                       "policies": list(spec.policies),
                       "properties": [p.name for p in spec.properties],
                       "symmetric": sorted(spec.symmetric)})
            continue
        console.print(f"[bold]{name}[/bold]: {spec.doc}")
        for p in spec.params:
            console.print(f"  -p {p.name}={p.default:<3} ({p.lo}..{p.hi})  {p.doc}")
        console.print("  policies:   " + ", ".join(spec.policies))
        for prop in spec.properties:
            console.print(f"  property:   {prop.name} ({prop.kind}): {prop.summary}")
        if spec.symmetric:
            console.print("  symmetric:  " + ", ".join(sorted(spec.symmetric)) + " (--symmetry)")
    return 0
