"""`hintcheck show TRACE`: a saved trace rendered for people (text, dot) or for other tools (itf).

The file is loaded and checked like `replay` loads it (format, version,
every field's type), but nothing is re-executed: `replay` does that.
"""
from __future__ import annotations

import json

import click

from hintcheck.trace.format import Trace
from hintcheck.trace.itf import to_itf
from hintcheck.trace.render import dot, text

FORMATS = ("text", "itf", "dot")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: numbered steps with what each changed; itf: the Informal Trace Format "
                   "(Apalache ADR-015, as Quint writes it); dot: a Graphviz digraph of the states.")
def show(file: str, fmt: str) -> int:
    """Print a saved trace as text or as ITF JSON."""
    trace = Trace.load(file)
    if fmt == "itf":
        click.echo(json.dumps(to_itf(trace), indent=1))
    elif fmt == "dot":
        click.echo(dot(trace))
    else:
        click.echo(text(trace, violated_at=len(trace.steps) if trace.loop is None else None))
    return 0
