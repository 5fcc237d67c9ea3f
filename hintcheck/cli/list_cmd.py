"""`hintcheck list`: models, their parameters, policies, properties, hooks and settings."""
from __future__ import annotations

import click
from rich.console import Console
from rich.markup import escape

from hintcheck.cli.options import emit_json, json_option, nonempty
from hintcheck.model.core.liveness import declared_fairness
from hintcheck.model.registry import load_spec, model_names


@click.command("list")
@click.option("--model", "models", multiple=True, callback=nonempty,
              help="A model to list (repeatable): a built-in name or path/to/file.py:Spec (default: every built-in).")
@json_option
def list_models(models: tuple[str, ...], as_json: bool) -> int:
    """List models: parameters, policies, properties, hooks, settings and cost measures."""
    console = Console()
    for name in models or model_names():
        spec = load_spec(name)
        params = {p.name: {"range": [p.lo, p.hi], "default": None if p.derive else p.default, "doc": p.doc,
                           "derived": p.derive is not None} for p in spec.params}
        if as_json:
            emit_json({"model": spec.name, "source": spec.source or None, "doc": spec.doc, "params": params,
                       "policies": list(spec.policies),
                       "properties": [p.name for p in spec.checked_properties()],
                       "symmetric": sorted(spec.symmetric),
                       "fairness": [str(f) for f in declared_fairness(spec.fairness, spec.name)],
                       "hooks": [h.to_json() for h in spec.hooks],
                       "settings": [st.to_json() for st in spec.settings],
                       "measures": [{"name": m.name, "role": m.role, "counters": list(m.counters), "doc": m.doc}
                                    for m in spec.measures]})
            continue
        source = f" ({spec.source})" if spec.source else ""
        console.print(f"[bold]{spec.name}[/bold]{escape(source)}: {escape(spec.doc)}")
        for p in spec.params:
            shown = f"  {p.name} derived from the others" if p.derive else f"  -p {p.name}={p.default:<3} ({p.lo}..{p.hi})"
            console.print(f"{shown}  {p.doc}", markup=False, highlight=False)
        console.print("  policies:   " + ", ".join(spec.policies))
        for prop in spec.checked_properties():
            console.print(f"  property:   {prop.name} ({prop.kind}): {prop.summary}")
        for h in spec.hooks:
            writes = ", ".join(h.writes) or "nothing"
            console.print(f"  hook:       {h.signature}  in {h.step}; stands for {h.counterpart}; "
                          f"may write {writes}", markup=False, highlight=False)
        for st in spec.settings:
            choices = f" ({', '.join(st.choices)})" if st.choices else ""
            console.print(f"  setting:    {st.name} = {st.default!r} ({st.kind.__name__}{choices}): {st.doc}",
                          markup=False, highlight=False)
        for m in spec.measures:
            console.print(f"  measure:    {m.name} ({m.role or 'figure'}; sums {', '.join(m.counters)}): {m.doc}",
                          markup=False, highlight=False)
        if spec.symmetric:
            console.print("  symmetric:  " + ", ".join(sorted(spec.symmetric)) + " (--symmetry)")
        if spec.fairness:
            console.print("  fairness:   " + ", ".join(map(str, declared_fairness(spec.fairness, spec.name)))
                          + " (liveness verdicts assume it, with the policy's own; --no-fair drops it)",
                          markup=False, highlight=False)
    return 0
