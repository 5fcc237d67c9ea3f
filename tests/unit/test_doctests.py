"""Every example in a docstring of the package runs and prints what it says (doctest)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import hintcheck
import hintcheck.model

SKIP = ("hintcheck.__main__", "hintcheck.pytest_plugin")     # the entry point; a plugin pytest loads itself


def _modules() -> list[str]:
    names = []
    for package in (hintcheck, hintcheck.model):
        names += [i.name for i in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
                  if not i.name.startswith(SKIP)]
    return sorted(set(names))


@pytest.mark.parametrize("name", _modules())
def test_the_examples_of_a_module_run(name):
    failures, _ = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_there_are_examples_to_run():
    assert sum(doctest.testmod(importlib.import_module(n))[1] for n in _modules()) >= 40
