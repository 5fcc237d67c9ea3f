"""Run the CLI in-process and capture what a user would see."""
import pytest
from click.testing import CliRunner

from hintcheck.cli import main


def _run(*args):
    """(exit code, stdout, stderr) of `hintcheck args...`."""
    runner = CliRunner()
    with runner.isolation() as (out, err, *_):
        code = main(list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.fixture
def run_cli():
    return _run
