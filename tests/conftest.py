"""Hypothesis profiles for every test: `ci` (the default: derandomized) or `thorough`.

Chosen as the stateful engine chooses its own: `HINTCHECK_PROFILE=thorough
pytest` runs the tests' `@given` functions with many more examples and the
suite entries (tests/suites) with the thorough stateful search.
Hypothesis's own `--hypothesis-profile` option still overrides it for the
`@given` functions.
"""
from hypothesis import settings

from hintcheck.stateful.profiles import profile_named, register_pytest_profiles

register_pytest_profiles()
settings.load_profile(profile_named().name)
