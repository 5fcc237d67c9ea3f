"""The pytest plugin in a user's project: suite files collected as tests, and the assertion helpers."""
from __future__ import annotations

from tests.design.test_user_models import BROKEN_LOCK, MUTEX

pytest_plugins = ["pytester"]

SUITE = '''version = 1

[[entry]]
model = "lock.py:SPEC"
policy = "none"
property = "mutual_exclusion"
expect = "{expect}"

[[entry]]
model = "reference"
policy = "rfc"
property = "no_data_loss"
expect = "violated"
max_trace = 7
'''


def test_suite_files_are_collected_one_test_per_entry(pytester):
    pytester.makefile(".py", lock=MUTEX)
    pytester.makefile(".toml", hintcheck_locks=SUITE.format(expect="holds"))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_a_failing_entry_prints_its_judgement_and_counterexample(pytester):
    pytester.makefile(".py", lock=BROKEN_LOCK)
    pytester.makefile(".toml", hintcheck_locks=SUITE.format(expect="holds"))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*lock.py:SPEC/none/mutual_exclusion*expected holds, got violated*",
                                 "*violated: counterexample of 2 steps*", "*enter(p=*"])


def test_the_ini_option_names_other_suite_files(pytester):
    pytester.makefile(".py", lock=MUTEX)
    pytester.makefile(".toml", checks=SUITE.format(expect="holds"))
    pytester.makeini("[pytest]\nhintcheck_suites = checks.toml\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_a_bad_suite_file_is_one_error(pytester):
    pytester.makefile(".toml", hintcheck_bad='[[entry]]\nmodel = "reference"\n')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*missing key 'policy'*"])
    assert result.ret != 0


def test_the_assertion_helpers(pytester):
    pytester.makefile(".py", lock=BROKEN_LOCK)
    pytester.makepyfile(test_mine='''
        import pytest
        from hintcheck.pytest_plugin import assert_holds, assert_violated

        def test_undo_holds():
            assert assert_holds("reference", "undo", params={"pages": 2}).stats.states == 2756

        def test_rfc_fails_within_seven_steps():
            assert_violated("reference", "rfc", max_steps=7)

        def test_lock_is_violated():
            assert_violated("lock.py:SPEC", max_steps=2)

        def test_a_wrong_expectation_fails_with_the_trace():
            with pytest.raises(AssertionError, match="expected holds"):
                assert_holds("reference", "rfc")

        def test_too_long_a_counterexample_fails():
            with pytest.raises(AssertionError, match="at most 3 steps"):
                assert_violated("reference", "rfc", max_steps=3)
    ''')
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=5)
