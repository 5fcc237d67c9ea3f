"""Every trace of the corpus replays to its recorded verdict.

The corpus is the list in traces/MANIFEST, not whatever lies in traces/:
a trace saved there by a run is not part of it until it is listed, and a
listed trace that goes missing is a failure. No corpus trace names a
policy file, so none depends on the policy-identity rule (a file policy
added here must carry its recorded SHA-256).
"""
from pathlib import Path

import pytest

from hintcheck.trace.format import Trace, policy_file
from hintcheck.trace.replay import replay

FOLDER = Path(__file__).resolve().parents[2] / "traces"
MANIFEST = FOLDER / "MANIFEST"


def _listed() -> list[str]:
    lines = (line.strip() for line in MANIFEST.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


LISTED = _listed()


def test_trace_corpus_is_not_empty():
    assert LISTED, "traces/MANIFEST lists no trace: the replay test below would pass vacuously"


def test_manifest_lists_each_trace_once_by_plain_name():
    assert len(set(LISTED)) == len(LISTED)
    assert all(Path(name).name == name and name.endswith(".json") for name in LISTED)


@pytest.mark.parametrize("name", LISTED)
def test_saved_trace_replays_to_its_recorded_verdict(name):
    path = FOLDER / name
    assert path.is_file(), f"traces/MANIFEST lists {name}, which is not in traces/"
    trace = Trace.load(path)
    assert policy_file(trace.policy) is None or trace.policy_sha256, "a corpus file policy needs its SHA-256"
    outcome = replay(trace)
    assert outcome.verdict is trace.verdict
    assert outcome.violated_at == len(trace.steps), "the property should fail at the last step"
