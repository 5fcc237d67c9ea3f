"""Hostile trace files: `hintcheck replay` answers with a verdict or one error line, never a traceback.

Hypothesis builds the files three ways: random bytes; random JSON; and
real traces (reference/rfc, pseries/rfc with cost labels) with fields
replaced by values of random JSON types, keys dropped or added, steps cut
or reordered, lists and objects swapped, and the encoded bytes truncated or
spoilt with bytes that are not UTF-8. Each file goes to the CLI in process.
The only answers allowed are a replay verdict (exit 0 or 1, nothing on
stderr) or exactly one `hintcheck: error:` line and exit 2; an internal
error (70) or a traceback fails. `Trace.loads` alone must raise nothing but
`TraceError`, so the loader is fuzzed more cheaply as well.

Fixed example counts and `derandomize=True`: the same files every run.
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hintcheck.explore import explore
from hintcheck.model.registry import load_spec
from hintcheck.trace.format import Trace, TraceError

# The fixtures used inside @given are stateless (a function, a folder each
# example overwrites one file in), so sharing them across examples is safe.
def fuzz(examples):
    return settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _real(model_name, prop):
    model = load_spec(model_name).build("rfc", {"pages": 1})
    return explore(model, model.property_named(prop)).trace.to_json()


BASES = [_real("reference", "no_data_loss"), _real("pseries", "stable_before_use")]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True)
    | st.text(max_size=12) | st.sampled_from(["rfc", "undo", "lazy", "reference", "violated", "IDLE", "DONE",
                                             "x.py:P", "a" * 64]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


def _paths(value, prefix=()):
    """Every (path, value) inside a JSON value, the root included."""
    yield prefix, value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        yield from _paths(inner, prefix + (key,))


def _parent(doc, path):
    for key in path[:-1]:
        doc = doc[key]
    return doc


@st.composite
def mutated(draw):
    """A real trace with 1 to 4 random edits, as JSON (the root may itself be replaced)."""
    doc = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p, _ in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(doc, path), path[-1]
        value = parent[key]
        edit = draw(st.sampled_from(["replace", "drop", "add", "cut", "swap", "shuffle", "bump"]))
        if edit == "replace":
            parent[key] = draw(json_values)
        elif edit == "drop":
            del parent[key]
        elif edit == "add" and isinstance(value, dict):
            value[draw(st.text(max_size=8))] = draw(json_values)
        elif edit == "cut" and isinstance(value, list):
            del value[draw(st.integers(0, len(value))):]
        elif edit == "swap":                   # a list for an object, an object for a list
            parent[key] = ({str(i): v for i, v in enumerate(value)} if isinstance(value, list)
                           else list(value.values()) if isinstance(value, dict) else [value])
        elif edit == "shuffle" and isinstance(value, list):
            parent[key] = draw(st.permutations(value))
        elif edit == "bump" and isinstance(value, int) and not isinstance(value, bool):
            parent[key] = value + draw(st.sampled_from([-1, 1, 2**64]))
    return doc


@st.composite
def encoded(draw, docs):
    """A JSON document as bytes, sometimes cut short or with bytes that are not UTF-8 put in."""
    data = json.dumps(draw(docs), indent=draw(st.sampled_from([None, 1]))).encode("utf-8", "surrogatepass")
    spoil = draw(st.sampled_from(["none", "cut", "bad-byte", "none"]))
    at = draw(st.integers(0, len(data)))
    if spoil == "cut":
        data = data[:at]
    elif spoil == "bad-byte":
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80"])) + data[at:]
    return data


trace_files = st.one_of(st.binary(max_size=300), encoded(json_values), encoded(mutated()), encoded(mutated()))


def _answers_properly(code, out, err):
    assert "Traceback" not in out + err and "internal error" not in err, err
    if code in (0, 1):
        assert err == "" and "replayed " in out, (code, err)
    else:
        assert code == 2, (code, err)
        assert out == "" and err.startswith("hintcheck: error: ") and err.count("\n") == 1, err


@fuzz(400)
@given(data=trace_files)
def test_replay_of_a_hostile_file_is_a_verdict_or_one_error_line(run_cli, tmp_path_factory, data):
    path = tmp_path_factory.getbasetemp() / "fuzzed.json"
    path.write_bytes(data)
    _answers_properly(*run_cli("replay", str(path)))


@fuzz(1500)
@given(data=trace_files)
def test_the_loader_raises_nothing_but_trace_error(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return                                   # Trace.load's case, covered by the CLI test above
    try:
        Trace.loads(text)
    except TraceError as exc:
        assert "\n" not in str(exc)


@pytest.mark.parametrize("base", range(len(BASES)))
def test_the_unmutated_bases_replay_to_a_violation(run_cli, tmp_path, base):
    """Otherwise the mutations start from a file replay already refuses, and test little."""
    path = tmp_path / "base.json"
    path.write_text(json.dumps(BASES[base]))
    code, out, err = run_cli("replay", str(path))
    assert (code, err) == (1, "") and "(same as recorded)" in out
