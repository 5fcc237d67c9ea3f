"""Progress on long searches: states, depth and states/s on a terminal, nothing otherwise."""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console

from hintcheck.floor.result import Stats


@contextlib.contextmanager
def progress_reporter(label: str, enabled: bool) -> Iterator[Callable[[Stats], None] | None]:
    """Yield a callback that shows the running statistics, or None when disabled."""
    if not enabled:
        yield None
        return
    console = Console(stderr=True)
    with console.status(f"{label}: starting") as status:
        def report(st: Stats) -> None:
            status.update(f"{label}: {st.states:,} states, depth {st.depth}, "
                          f"{st.rate:,.0f} states/s, {st.seconds:.1f} s")
        yield report
