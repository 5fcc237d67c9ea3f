"""The `hintcheck` command line.

Exit codes scripts can rely on: 0 holds / proved / as expected, 1 violated
or an unexpected verdict, 2 usage or input error (one line on stderr, never
a traceback), 3 bounded (a limit stopped the search before a verdict).
Each subcommand lives in its own module and is registered in COMMANDS.
"""
from __future__ import annotations

import importlib
import sys

import click

from hintcheck.model.core import HintcheckError
from hintcheck.floor.result import EXIT_USAGE

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


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a subcommand, turning every input error into one line and exit 2."""
    try:
        code = cli.main(args=argv, prog_name="hintcheck", standalone_mode=False)
    except click.UsageError as exc:
        code = fail(exc.format_message().splitlines()[0])
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.Abort:
        code = fail("aborted")
    except HintcheckError as exc:
        code = fail(str(exc))
    except RecursionError:
        code = fail("recursion limit hit while evaluating the model")
    if argv is not None:
        return int(code or 0)
    sys.exit(int(code or 0))
