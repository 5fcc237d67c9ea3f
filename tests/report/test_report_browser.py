"""The HTML report in a real browser (opt-in: `pytest -m browser`; needs Debian's chromium).

Headless Chromium loads the page from disk; its console (logged on stderr)
must stay silent, the DOM it built must hold every counterexample, and a
screenshot of the page is saved beside it.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.report.test_report import _Page, make_report

pytestmark = pytest.mark.browser

_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--enable-logging=stderr", "--v=0")


def _chromium(tmp_path, url, *args):
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("the browser tests need Debian's chromium (apt-get install chromium); .ci/run installs it")
    done = subprocess.run([binary, *_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


def test_the_console_check_sees_an_error_when_there_is_one(tmp_path):
    page = tmp_path / "noisy.html"
    page.write_text('<!DOCTYPE html><title>x</title><script>console.error("planted")</script>')
    _, console = _chromium(tmp_path, page.as_uri(), "--dump-dom")
    assert any("planted" in line for line in console)


def test_the_report_loads_without_console_messages_and_shows_every_counterexample(run_cli, tmp_path):
    code, _, _, folder = make_report(run_cli, tmp_path)
    assert code == 1
    index = folder / "index.html"
    dom, console = _chromium(tmp_path, index.as_uri(), "--dump-dom")
    assert console == []
    page = _Page()
    page.feed(dom)
    assert {"cx-2", "cx-3"} <= set(page.ids) and "compare-reference" in page.ids
    shot = folder / "report.png"
    _, console = _chromium(tmp_path, index.as_uri(), f"--screenshot={shot}", "--window-size=1280,4000")
    assert console == [] and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
