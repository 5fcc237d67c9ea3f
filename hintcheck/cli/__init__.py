"""The `hintcheck` command line.

Exit codes scripts can rely on: 0 holds / proved / as expected, 1 violated
or an unexpected verdict, 2 usage or input error (one line on stderr, never
a traceback; broken user code included), 3 bounded (a limit stopped the
search before a verdict; an interrupted run included), 70 an internal
error of hintcheck (one line asking for a report; `HINTCHECK_DEBUG=1`
shows the traceback), 74 the output could not be written (a closed pipe,
a full device).
Each subcommand lives in its own module and is registered in COMMANDS.
"""
from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
import traceback
from typing import Any

import click

from hintcheck.model.core import HintcheckError
from hintcheck.floor.result import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_USAGE

# module name -> command attribute; each module holds one subcommand
COMMANDS = {
    "hintcheck.cli.list_cmd": "list_models",
    "hintcheck.cli.check": "check",
    "hintcheck.cli.replay": "replay",
    "hintcheck.cli.show": "show",
    "hintcheck.cli.worst": "worst",
    "hintcheck.cli.cost": "cost",
    "hintcheck.cli.compare": "compare",
    "hintcheck.cli.report": "report",
    "hintcheck.cli.fuzz": "fuzz",
    "hintcheck.cli.prove": "prove",
    "hintcheck.cli.graph_cmd": "graph",
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hintcheck")
def cli() -> None:
    """Model checker for guest memory hinting protocols.

    \b
    Exit status: 0 holds / proved / as expected, 1 violated or unexpected,
    2 bad input (broken user code included), 3 bounded or interrupted,
    70 internal error (please report it), 74 output could not be written.
    """


for _module, _attr in COMMANDS.items():
    cli.add_command(getattr(importlib.import_module(_module), _attr))


def fail(message: str) -> int:
    """Print one error line on stderr; return the usage exit status."""
    click.echo(f"hintcheck: error: {message}", err=True)
    return EXIT_USAGE


class OutputError(Exception):
    """Writing to stdout failed (the reader closed the pipe, the device is full)."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(exc.strerror or str(exc))
        self.errno = exc.errno


class _Guarded:
    """stdout whose write errors are `OutputError`s, so no library turns them into another exit."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            raise OutputError(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _output_failed(exc: OutputError) -> int:
    with contextlib.suppress(OSError, ValueError):   # nothing more reaches the closed stdout
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    if exc.errno != errno.EPIPE:                 # a closed pipe is the reader's choice: stay quiet
        click.echo(f"hintcheck: output error: stdout: {exc}", err=True)
    return EXIT_OUTPUT


def _internal(exc: BaseException) -> int:
    if os.environ.get("HINTCHECK_DEBUG"):
        traceback.print_exception(exc)
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    click.echo(f"hintcheck: internal error: {detail}; this is a bug in hintcheck, please report it "
               "with the command line (HINTCHECK_DEBUG=1 prints the traceback)", err=True)
    return EXIT_INTERNAL


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a subcommand, turning every input error into one line and exit 2."""
    if argv is None and not isinstance(sys.stdout, _Guarded):
        sys.stdout = _Guarded(sys.stdout)  # type: ignore[assignment]
    try:
        code = cli.main(args=argv, prog_name="hintcheck", standalone_mode=False)
        sys.stdout.flush()
    except click.UsageError as exc:
        code = fail(exc.format_message().splitlines()[0])
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.Abort:            # click's form of Ctrl-C (KeyboardInterrupt, EOF at a prompt)
        click.echo("hintcheck: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except HintcheckError as exc:
        code = fail(" ".join(str(exc).split()))
    except RecursionError:
        code = fail("recursion limit hit while evaluating the model")
    except KeyboardInterrupt:
        click.echo("hintcheck: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except OutputError as exc:
        code = _output_failed(exc)
    except SystemExit as exc:      # hintcheck never exits from inside a command: user code did
        code = fail(f"user code called exit ({exc.code!r}) outside a hook hintcheck guards")
    except Exception as exc:       # noqa: BLE001 -- the last line of defence: never a silent traceback
        code = _internal(exc)
    if argv is not None:
        return int(code or 0)
    sys.exit(int(code or 0))
