"""Stateful testing: a Hypothesis rule-based machine generated from any model."""
from hintcheck.stateful.machine import Violation, machine_for
from hintcheck.stateful.profiles import PROFILES, Profile, profile_named
from hintcheck.stateful.runner import ENGINE, StatefulResult, fuzz
from hintcheck.stateful.strategies import states_of

__all__ = ["ENGINE", "PROFILES", "Profile", "StatefulResult", "Violation", "fuzz", "machine_for",
           "profile_named", "states_of"]
