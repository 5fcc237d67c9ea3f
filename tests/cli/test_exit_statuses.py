"""Exit statuses that cannot lie: internal errors, output errors, user exits, conflicting options."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import hintcheck.cli.list_cmd as list_cmd
from hintcheck.floor.result import EXIT_INTERNAL, EXIT_OUTPUT


def test_an_internal_error_has_its_own_status_and_asks_for_a_report(run_cli, monkeypatch):
    def broken() -> list[str]:
        raise RuntimeError("lost invariant")
    monkeypatch.setattr(list_cmd, "model_names", broken)
    code, out, err = run_cli("list")
    assert code == EXIT_INTERNAL not in (0, 1, 2, 3)
    assert err.count("\n") == 1 and "internal error: RuntimeError: lost invariant" in err
    assert "please report it" in err and "Traceback" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("list",), ("list", "--json")])
def test_a_full_device_on_stdout_is_one_line_and_the_output_status(args):
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "hintcheck", *args], stdout=full, stderr=subprocess.PIPE,
                             text=True, timeout=60)
    assert run.returncode == EXIT_OUTPUT
    assert run.stderr.strip() == "hintcheck: output error: stdout: No space left on device"


def test_a_closed_pipe_ends_quietly_with_the_output_status():
    proc = subprocess.Popen([sys.executable, "-m", "hintcheck", "list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()                    # the reader goes away, as `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=60) in (0, EXIT_OUTPUT)    # 0 only if everything fitted in the pipe first
    assert "Traceback" not in err and "Exception ignored" not in err


def test_a_parameter_given_twice_with_different_values_is_refused(run_cli, tmp_path):
    code, _, err = run_cli("check", "--model", "reference", "-p", "pages=1", "-p", "pages=2",
                           "--trace-dir", str(tmp_path))
    assert code == 2 and "parameter pages given twice: 1 and 2" in err


def test_the_same_parameter_value_twice_is_accepted(run_cli, tmp_path):
    code, _, _ = run_cli("check", "--model", "reference", "--policy", "undo", "-p", "pages=1", "-p", "pages=1",
                         "--trace-dir", str(tmp_path))
    assert code == 0


@pytest.mark.parametrize("as_json", [False, True])
def test_a_trace_that_cannot_be_saved_keeps_the_verdict_and_says_so(run_cli, tmp_path, as_json):
    args = ("check", "--model", "reference", "--policy", "rfc", "-p", "pages=1", "--trace-dir", str(tmp_path))
    assert run_cli(*args)[0] == 1
    (saved,) = tmp_path.iterdir()                        # a symbolic link where the trace goes: never followed
    saved.unlink()
    saved.symlink_to(tmp_path / "elsewhere.json")
    code, out, err = run_cli(*args, *(["--json"] if as_json else []))
    assert code == 1                                     # still "violated", not an input error
    lines = [line for line in err.splitlines() if "trace not saved" in line]
    assert len(lines) == 1 and lines[0].startswith("hintcheck: error: reference/rfc no_data_loss: ")
    assert "Traceback" not in err and not (tmp_path / "elsewhere.json").exists()
    if as_json:
        row = json.loads(out.splitlines()[0])
        assert row["verdict"] == "violated" and row["trace"] is None and "symbolic link" in row["save_error"]
    else:
        assert "violated" in out


@pytest.mark.parametrize("value", ["٣", "1_0", "0x2", "2.0", ""])
def test_a_parameter_value_is_plain_decimal_digits(run_cli, tmp_path, value):
    code, _, err = run_cli("check", "--model", "reference", "-p", f"pages={value}", "--trace-dir", str(tmp_path))
    assert code == 2 and "is not an integer" in err
