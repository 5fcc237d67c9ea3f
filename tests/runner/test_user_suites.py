"""Suites from the user's files: `hintcheck check|fuzz|prove SUITE.toml`, judged like the default suite."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hintcheck.runner.suite import SuiteError, load_entries

from tests.design.test_user_models import BROKEN_LOCK

SUITE = '''version = 1

[[entry]]
model = "models/lock.py:SPEC"
policy = "none"
property = "mutual_exclusion"
expect = "violated"
max_trace = 2
why = "the lock forgets to test: two processes enter together"

[[entry]]
model = "reference"
policy = "designs/undo.py:Undo"
property = "no_data_loss"
expect = "holds"
params = { pages = 2 }
states = 2756
'''

UNDO = "from hintcheck.model.core import put\n\nclass Undo:\n    def on_alloc(self, m, s, page):\n" \
       "        return s.set(hint=put(s.hint, page, 0))\n"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "models").mkdir()
    (tmp_path / "designs").mkdir()
    (tmp_path / "models" / "lock.py").write_text(BROKEN_LOCK)
    (tmp_path / "designs" / "undo.py").write_text(UNDO)
    suite = tmp_path / "suite.toml"
    suite.write_text(SUITE)
    return suite


def test_a_user_suite_resolves_its_files_against_its_folder_and_is_judged(run_cli, tmp_path, monkeypatch):
    suite = _project(tmp_path)
    monkeypatch.chdir(tmp_path.parent)                 # not the suite's folder: paths must still resolve
    code, out, err = run_cli("check", str(suite), "--json", "--trace-dir", str(tmp_path / "tr"))
    rows = [json.loads(line) for line in out.strip().splitlines()]
    assert code == 0, err
    assert [(r["model"], r["verdict"], r["as_expected"]) for r in rows] == [
        ("mutex", "violated", True), ("reference", "holds", True)]
    assert rows[1]["states"] == 2756


def test_a_user_suite_entry_that_misses_its_expectation_fails_the_run(run_cli, tmp_path):
    suite = _project(tmp_path)
    suite.write_text(SUITE.replace('expect = "violated"', 'expect = "holds"'))
    code, out, _ = run_cli("check", str(suite), "--json", "--trace-dir", str(tmp_path / "tr"))
    assert code == 1 and json.loads(out.splitlines()[0])["as_expected"] is False


def test_fuzz_and_prove_take_a_suite_file(run_cli, tmp_path):
    suite = _project(tmp_path)
    code, out, _ = run_cli("fuzz", str(suite), "--json", "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and json.loads(out.splitlines()[0])["verdict"] == "violated"
    proof = tmp_path / "proof.toml"
    proof.write_text('[[entry]]\nmodel = "reference"\npolicy = "undo"\nproperty = "no_data_loss"\n'
                     'expect = "holds"\nprove = "induction"\nlemmas = ["in_use_is_stable", '
                     '"sent_and_clean_is_current"]\n')
    code, out, _ = run_cli("prove", str(proof), "--json", "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and json.loads(out)["verdict"] == "proved"


def test_suite_errors_name_the_file_and_the_entry(run_cli, tmp_path):
    suite = _project(tmp_path)
    cases = {
        'version = 2\n': "version 2 is not supported",
        SUITE.replace('policy = "none"', 'policy = 3'): "entry 1: policy must be str, not int",
        SUITE.replace('"models/lock.py:SPEC"', '"models/gone.py:SPEC"'): "entry 1: model file",
        SUITE.replace("states = 2756", "colour = 1"): "entry 2: unknown key 'colour'",
        SUITE.replace('expect = "holds"', 'expect = "fine"'): "entry 2: expect = 'fine' is not one of",
        SUITE.replace('expect = "holds"', 'expect = "holds"\nwalks = "rare"'): "entry 2: walks = \"rare\" is for "
                                                                             "an expected violation",
        SUITE.replace('expect = "holds"', 'expect = "holds"\nwalks = "never"'): "entry 2: walks = 'never' is not one",
        "[[entry]\n": "suite",
    }
    for text, finding in cases.items():
        suite.write_text(text)
        code, _, err = run_cli("check", str(suite), "--trace-dir", str(tmp_path / "tr"))
        assert code == 2 and str(suite) in err and finding in err, (text, err)
        assert len(err.strip().splitlines()) == 1


def test_suite_files_and_model_are_exclusive(run_cli, tmp_path):
    suite = _project(tmp_path)
    code, _, err = run_cli("check", str(suite), "--model", "reference")
    assert code == 2 and "give suite files or --model, not both" in err


@settings(max_examples=300, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["model", "policy", "property", "expect", "params", "states", "symmetry",
                                        "lemmas", "prove", "cost", "engine", "max_trace", "colour"]),
                       st.one_of(st.integers(-2, 5), st.booleans(), st.text(max_size=6),
                                 st.sampled_from(["reference", "undo", "no_data_loss", "holds", "violated"])),
                       max_size=8),
       st.binary(max_size=40))
def test_random_suite_files_load_or_fail_in_one_line(tmp_path_factory, entry, noise):
    """Random entries, random bytes, and a table header followed by random bytes."""
    folder = tmp_path_factory.mktemp("suite")
    lines = ["[[entry]]"] + [f"{k} = {json.dumps(v)}" for k, v in entry.items()]
    for n, data in enumerate((("\n".join(lines) + "\n").encode(), noise, b"[[entry]]\n" + noise)):
        path = folder / f"s{n}.toml"
        path.write_bytes(data)
        try:
            entries = load_entries(path, user=True)
        except SuiteError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc)
        else:
            assert entries and all(e.model and e.policy and e.property for e in entries)
    shutil.rmtree(folder)
