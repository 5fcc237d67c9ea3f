"""Progress on long searches: states, depth and states/s, on stderr.

On a terminal a status line is updated in place. Elsewhere (a CI log, a
pipe) a plain line is printed every `EVERY` seconds of a search, and none
for a search that ends sooner, so short runs print nothing extra.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

import click
from rich.console import Console

from hintcheck.floor.result import Stats

EVERY = 5.0       # seconds between plain progress lines


def _figures(st: Stats) -> str:
    return f"{st.states:,} states, depth {st.depth}, {st.rate:,.0f} states/s, {st.seconds:.1f} s"


@contextlib.contextmanager
def progress_reporter(label: str, enabled: bool) -> Iterator[Callable[[Stats], None] | None]:
    """Yield a callback that shows the running statistics: a status line when `enabled` (a terminal),
    else plain lines on stderr every `EVERY` seconds."""
    if not enabled:
        last = [time.monotonic()]

        def line(st: Stats) -> None:
            now = time.monotonic()
            if now - last[0] >= EVERY:
                last[0] = now
                click.echo(f"hintcheck: progress: {label}: {_figures(st)}", err=True)
        yield line
        return
    console = Console(stderr=True)
    with console.status(f"{label}: starting") as status:
        def report(st: Stats) -> None:
            status.update(f"{label}: {_figures(st)}")
        yield report
