"""The pytest plugin: a user's suite files collected as tests, and assertions for hand-written ones.

Installed with hintcheck (entry point `pytest11`). In a user's project,
pytest collects every file named `hintcheck_*.toml` (or the patterns of the
ini option `hintcheck_suites`) as a suite (docs/suites.md): one test per
entry, judged exactly as `hintcheck check SUITE.toml` judges it. A failing
entry reports the judgement and the rendered counterexample.

Hand-written tests use `assert_holds(...)` and `assert_violated(...)`,
which take the arguments of `hintcheck.check` and fail with the verdict in
words and, for an unexpected violation, the counterexample.
"""
from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any, Iterator

import pytest

from hintcheck.floor import Result, Verdict
from hintcheck.trace.render import text

DEFAULT_PATTERN = "hintcheck_*.toml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("hintcheck_suites", type="args", default=[DEFAULT_PATTERN],
                  help="file-name patterns of hintcheck suite files to collect as tests")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    patterns = parent.config.getini("hintcheck_suites")
    if file_path.suffix == ".toml" and any(fnmatch.fnmatch(file_path.name, p) for p in patterns):
        return SuiteFile.from_parent(parent, path=file_path)
    return None


class SuiteFile(pytest.File):
    """One suite file: an item per entry."""

    def collect(self) -> Iterator[pytest.Item]:
        from hintcheck.runner.suite import load_entries
        for n, entry in enumerate(load_entries(self.path, user=True), start=1):
            yield EntryItem.from_parent(self, name=f"entry{n}[{entry.id}]", entry=entry)


class EntryFailed(Exception):
    """An entry did not get the verdict it expects."""


class EntryItem(pytest.Item):
    """One suite entry, run and judged as `hintcheck check` does."""

    def __init__(self, *, entry: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entry = entry

    def runtest(self) -> None:
        from hintcheck.runner import entry_job, run_job
        outcome = run_job(entry_job(self.entry))
        if not outcome.met:
            raise EntryFailed(_failure(f"{self.entry.id}: {outcome.why}", outcome.result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, EntryFailed):
            return str(excinfo.value)
        from hintcheck.model.core import HintcheckError
        if isinstance(excinfo.value, HintcheckError):
            return f"hintcheck: error: {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"hintcheck suite entry {self.name}"


def _failure(headline: str, result: Result) -> str:
    lines = [headline, result.describe()]
    if result.trace is not None:
        lines.append(text(result.trace))
    return "\n".join(lines)


def assert_holds(*args: Any, **kwargs: Any) -> Result:
    """`hintcheck.check(*args, **kwargs)` must hold (exhaustively); returns the result."""
    from hintcheck.api import check
    result = check(*args, **kwargs)
    if result.verdict is not Verdict.HOLDS:
        raise AssertionError(_failure("expected holds", result))
    return result


def assert_violated(*args: Any, max_steps: int | None = None, **kwargs: Any) -> Result:
    """`hintcheck.check(*args, **kwargs)` must be violated, within `max_steps` steps when given."""
    from hintcheck.api import check
    result = check(*args, **kwargs)
    if result.verdict is not Verdict.VIOLATED:
        raise AssertionError(_failure("expected violated", result))
    if max_steps is not None and len(result.trace.steps) > max_steps:
        raise AssertionError(_failure(f"expected a counterexample of at most {max_steps} steps", result))
    return result
