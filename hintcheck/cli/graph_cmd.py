"""`hintcheck graph`: a configuration's state graph, or its SCC quotient, as DOT or GraphML."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from hintcheck.cli.options import nonempty, parse_params, single_params_option
from hintcheck.model.core import HintcheckError
from hintcheck.runner.graph import GRAPH_LIMIT, describe, render, scc_quotient, state_graph
from hintcheck.runner.jobs import build_model


@click.command("graph")
@click.option("--model", "model_name", required=True, callback=nonempty,
              help="Model (a built-in name or path/to/file.py:Spec).")
@click.option("--policy", callback=nonempty, help="Policy (default: the model's default).")
@single_params_option
@click.option("--scc", is_flag=True, help="The quotient by strongly connected components instead.")
@click.option("--format", "fmt", type=click.Choice(["dot", "graphml"]), default="dot", show_default=True)
@click.option("--max-states", type=click.IntRange(min=1), default=GRAPH_LIMIT, show_default=True,
              help="Refuse a graph with more states than this.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (never replaced).")
def graph(model_name: str, policy: str | None, params: tuple[str, ...], scc: bool, fmt: str, max_states: int,
          output: str | None) -> int:
    """Write the reachable state graph (DOT or GraphML), or its SCC quotient with --scc."""
    model = build_model(model_name, policy, parse_params(params))
    g = state_graph(model, max_states)
    if scc:
        g = scc_quotient(g)
    text = render(g, fmt)
    if output is None:
        click.echo(text, nl=False)
        return 0
    _write_new(Path(output), text)
    click.echo(f"{output}: {describe(g)} ({fmt})", err=True)
    return 0


def _write_new(path: Path, text: str) -> None:
    """Write `text` to a file that must not exist yet, atomically (a temporary file, then a link)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "w") as f:
                f.write(text)
            os.link(tmp, path)
        finally:
            os.unlink(tmp)
    except FileExistsError:
        raise HintcheckError(f"{path}: exists; not replaced") from None
    except OSError as exc:
        raise HintcheckError(f"{path}: cannot write ({exc.strerror or exc})") from None
