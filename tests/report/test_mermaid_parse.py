"""Every corpus trace's Mermaid diagram parses in mermaid's own parser (opt-in: `pytest -m browser`).

Needs Node.js and the npm packages mermaid and jsdom in the folder
$HINTCHECK_NODE_MODULES (`.ci/run` installs them there).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hintcheck.trace.format import Trace
from hintcheck.trace.sequence import mermaid
from hintcheck.trace.view import view_for

pytestmark = pytest.mark.browser
HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "traces"


def _parse(tmp_path, texts):
    modules = os.environ.get("HINTCHECK_NODE_MODULES")
    node = shutil.which("node")
    if not modules or node is None or not (Path(modules) / "mermaid").is_dir():
        pytest.fail("needs node and $HINTCHECK_NODE_MODULES holding mermaid and jsdom "
                    "(npm install --prefix DIR mermaid@11 jsdom@24; DIR/node_modules); .ci/run installs them")
    files = []
    for n, text in enumerate(texts):
        files.append(tmp_path / f"d{n}.mmd")
        files[-1].write_text(text)
    done = subprocess.run([node, str(HERE / "parse_mermaid.mjs"), *map(str, files)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return [line.split(" ", 2)[1:] for line in done.stdout.splitlines()]


def test_mermaids_parser_rejects_a_broken_diagram(tmp_path):
    assert _parse(tmp_path, ["sequenceDiagram\n    A->>A: x\n    end\n"])[0][0] == "ERROR"


def test_every_corpus_trace_draws_a_diagram_mermaid_parses(tmp_path):
    traces = sorted(CORPUS.glob("*.json"))
    texts = [mermaid(t, view_for(t)) for t in map(Trace.load, traces)]
    results = _parse(tmp_path, texts)
    assert len(results) == len(traces)
    bad = [(p.name, r) for p, r in zip(traces, results) if r[0] != "ok"]
    assert bad == []
