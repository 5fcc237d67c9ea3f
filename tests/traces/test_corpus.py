"""Every saved counterexample replays to its recorded verdict."""
from pathlib import Path

import pytest

from hintcheck.trace.format import Trace
from hintcheck.trace.replay import replay

TRACES = sorted((Path(__file__).resolve().parents[2] / "traces").glob("*.json"))


def test_trace_corpus_is_not_empty():
    assert TRACES, "no saved traces: the replay test below would pass vacuously"


@pytest.mark.parametrize("path", TRACES, ids=lambda p: p.name)
def test_saved_trace_replays_to_its_recorded_verdict(path):
    trace = Trace.load(path)
    outcome = replay(trace)
    assert outcome.verdict is trace.verdict
    assert outcome.violated_at == len(trace.steps), "the property should fail at the last step"
