"""Hostile `-p` strings: `hintcheck check` answers with a verdict or one error line, never a traceback.

Hypothesis builds `-p` values from the pieces that parse (known and unknown
names, `=`, digits, signs, underscores, spaces, huge and Unicode digits) and
from arbitrary text, one to three of them per run. The only answers
allowed: a verdict (exit 0, 1 or 3) or exactly one `hintcheck: error:`
line and exit 2. Fixed example counts and `derandomize=True`: the same
strings every run.
"""
from hypothesis import given
from hypothesis import strategies as st

from tests.traces.test_trace_fuzz import fuzz

names = st.sampled_from(["pages", "rounds", "cpus", "Pages", "pages ", " pages", "", "1pages", "pa-ges", "é"])
values = st.one_of(st.integers(-10, 12).map(str), st.integers(-2**80, 2**80).map(str),
                   st.sampled_from(["", " 2", "2 ", "0x2", "2.0", "1_0", "٣", "+2", "--2", "2=2", "nan"]),
                   st.text(max_size=8))
pairs = st.one_of(st.builds(lambda n, v: f"{n}={v}", names, values), st.text(max_size=12))


@fuzz(150)
@given(params=st.lists(pairs, min_size=1, max_size=3))
def test_any_parameter_string_gives_a_verdict_or_one_error_line(run_cli, tmp_path, params):
    args = ["check", "--model", "reference", "--policy", "undo", "--max-depth", "2",
            "--trace-dir", str(tmp_path), "--json"]
    for p in params:
        args += ["-p", p]
    code, out, err = run_cli(*args)
    assert "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1 and err.startswith("hintcheck: error: "), (params, err)
    else:
        assert code in (0, 1, 3) and out.strip() and not err.strip(), (params, code, err)

