"""The `hintcheck` command line.

Exit codes scripts can rely on: 0 holds / proved / as expected, 1 violated
or an unexpected verdict, 2 usage or input error (one line on stderr, never
a traceback; broken user code included), 3 bounded (a limit stopped the
search before a verdict), 70 an internal error of hintcheck (one line
asking for a report; `HINTCHECK_DEBUG=1` shows the traceback), 130
interrupted (Ctrl-C).
Each subcommand lives in its own module and is registered in COMMANDS.
"""
from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from hintcheck.model.core import HintcheckError
from hintcheck.floor.result import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE

# module name -> command attribute; each module holds one subcommand
COMMANDS = {
    "hintcheck.cli.list_cmd": "list_models",
    "hintcheck.cli.check": "check",
    "hintcheck.cli.replay": "replay",
    "hintcheck.cli.worst": "worst",
    "hintcheck.cli.fuzz": "fuzz",
    "hintcheck.cli.prove": "prove",
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hintcheck")
def cli() -> None:
    """Model checker for guest memory hinting protocols."""


for _module, _attr in COMMANDS.items():
    cli.add_command(getattr(importlib.import_module(_module), _attr))


def fail(message: str) -> int:
    """Print one error line on stderr; return the usage exit status."""
    click.echo(f"hintcheck: error: {message}", err=True)
    return EXIT_USAGE


def _internal(exc: BaseException) -> int:
    if os.environ.get("HINTCHECK_DEBUG"):
        traceback.print_exception(exc)
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    click.echo(f"hintcheck: internal error: {detail}; this is a bug in hintcheck, please report it "
               "with the command line (HINTCHECK_DEBUG=1 prints the traceback)", err=True)
    return EXIT_INTERNAL


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a subcommand, turning every input error into one line and exit 2."""
    try:
        code = cli.main(args=argv, prog_name="hintcheck", standalone_mode=False)
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
    except SystemExit as exc:      # hintcheck never exits from inside a command: user code did
        code = fail(f"user code called exit ({exc.code!r}) outside a hook hintcheck guards")
    except Exception as exc:       # noqa: BLE001 -- the last line of defence: never a silent traceback
        code = _internal(exc)
    if argv is not None:
        return int(code or 0)
    sys.exit(int(code or 0))
