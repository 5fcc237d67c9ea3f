"""Designs written outside the project, held to the hook contract on every engine.

Each design is a policy file written to a temporary folder. A design that
breaks the contract is refused on every engine that accepts the model,
with the same finding in one line and exit status 2; a good one gets the
same verdict everywhere.
"""
from __future__ import annotations

import re

import pytest

# Every engine that accepts the reference model, as the commands that run it.
ENGINES = {
    "explore": ("check", "--engine", "explore"),
    "vector": ("check", "--engine", "vector"),
    "auto": ("check",),
    "hypothesis": ("fuzz", "--examples", "40", "--seed", "0"),
    "z3-bmc": ("prove", "--bmc-only", "--depth", "8"),
    "z3-induction": ("prove", "--depth", "4", "--induction", "1", "--lemma", "in_use_is_stable",
                     "--lemma", "sent_and_clean_is_current"),
    "z3-any-n": ("prove", "--depth", "4", "--unbounded", "--timeout", "60"),
}

HEAD = "from hintcheck.model.core import action, ite, put\n\n"

# name -> (policy file body, model, what the one error line must say, or a pattern it matches)
BROKEN = {
    "returns-none": ("class P:\n    def on_alloc(self, m, s, page):\n        return None\n",
                     "reference", "hook on_alloc returned None"),
    "returns-int": ("class P:\n    def on_alloc(self, m, s, page):\n        return 3\n",
                    "reference", "hook on_alloc returned int"),
    "exits-in-hook": ("class P:\n    def on_alloc(self, m, s, page):\n        raise SystemExit(0)\n",
                      "reference", "hook on_alloc raised SystemExit"),
    "zeroes-data": ("class P:\n    def on_alloc(self, m, s, page):\n        return s.set(data=put(s.data, page, 0))\n",
                    "reference", "hook on_alloc writes data, which it may not change"),
    "zeroes-data-sometimes": ("class P:\n    def on_alloc(self, m, s, page):\n        return s.set(data=put("
                              "s.data, page, ite(s.hint[page] == 1, 0, s.data[page])))\n",
                              "reference", "hook on_alloc writes data, which it may not change"),
    "writes-other-page": ("class P:\n    def on_alloc(self, m, s, page):\n        return s.set(hint=put("
                          "s.hint, 1 - page, 0))\n", "reference", "but may change only hint[page]"),
    "tuple-too-long": ("class P:\n    def on_alloc(self, m, s, page):\n        return s.set(hint=s.hint + (0,))\n",
                       "reference", "field hint is 3 elements, not a tuple of 2"),
    "action-writes-dest": ("@action(params=('pages',))\ndef leak(m, s, page):\n    return s.set(dest=put(s.dest, "
                           "page, 0))\n\nclass P:\n    actions = (leak,)\n", "reference", "action leak writes dest"),
    "misspelt-hook": ("class P:\n    def on_aloc(self, m, s, page):\n        return s\n",
                      "reference", "unknown attribute 'on_aloc'; hooks: on_alloc"),
    "old-convention": ("class P:\n    def on_alloc(self, s, page):\n        return s\n",
                       "reference", "hook on_alloc does not take the model's arguments; it is called as "
                                    "on_alloc(m, s, page)"),
    "function-not-class": ("def P(m, s, page):\n    return s\n", "reference", "P is function"),
    "exits-at-import": ("import sys\nsys.exit(0)\n", "reference", "failed to import: SystemExit"),
    "misspelt-setting": ("class P:\n    host = 'rehash'\n    quiesse = False\n", "hpt",
                         "unknown attribute 'quiesse'"),
    "mistyped-setting": ("class P:\n    host = 'rehash'\n    quiesce = 1\n", "hpt",
                         "setting quiesce: expected True or False"),
    "unknown-host": ("class P:\n    host = 'rehsah'\n", "hpt", "'rehsah' is not one of rehash, qemu, mirror, own"),
    "page-state-out-of-domain": ("class P:\n    def on_free(self, m, s, cpu, page):\n        return s.set(hs=put("
                                 "s.hs, page, 99))\n", "pseries",
                                 re.compile(r"step free(?:_direct)?\(cpu=0, page=(\d)\): field hs\[\1\] = 99 "
                                            r"outside its domain 0\.\.1")),
    "resize-target-out-of-domain": ("class P:\n    def on_lmb(self, m, s, target):\n        return s.set("
                                    "want=target + 40)\n", "hotplug",
                                    re.compile(r"step (add|remove)_lmb\(\): field want = 6[34] outside")),
}

PARAMS = {"reference": ("-p", "pages=2"), "hpt": ("-p", "maps=2", "-p", "bolted=1"), "pseries": ("-p", "pages=2"),
          "hotplug": ()}
# The proof for any number of pages accepts only models whose pages it can count.
ANY_N = {"reference", "pseries"}


def _command(engine: str, model: str) -> tuple[str, ...]:
    command = ENGINES[engine]
    if engine == "z3-induction" and model != "reference":
        command = command[:5]              # the lemmas are the reference model's
    return command


def _design(tmp_path, body: str) -> str:
    path = tmp_path / "design.py"
    path.write_text(HEAD + body)
    return f"{path}:P"


CASES = [(d, e) for d in BROKEN for e in ENGINES if e != "z3-any-n" or BROKEN[d][1] in ANY_N]


@pytest.mark.parametrize(("design", "engine"), CASES)
def test_a_broken_design_is_refused_the_same_way_on_every_engine(run_cli, tmp_path, design, engine):
    body, model, finding = BROKEN[design]
    ref = _design(tmp_path, body)
    code, out, err = run_cli(*_command(engine, model), "--model", model, "--policy", ref, *PARAMS[model],
                             "--trace-dir", str(tmp_path / "traces"))
    assert code == 2, (code, out, err)
    assert (finding.search(err) if isinstance(finding, re.Pattern) else finding in err), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err + out


GOOD = "class P:\n    def on_alloc(self, m, s, page):\n        return s.set(hint=put(s.hint, page, 0))\n"
VERDICT = {"explore": "holds", "vector": "holds", "auto": "holds", "hypothesis": "no violation found",
           "z3-bmc": "no violation", "z3-induction": "proved", "z3-any-n": "proved"}


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_good_design_gets_the_same_verdict_on_every_engine(run_cli, tmp_path, engine):
    ref = _design(tmp_path, GOOD)
    code, out, err = run_cli(*ENGINES[engine], "--model", "reference", "--policy", ref, "-p", "pages=2",
                             "--property", "no_data_loss", "--trace-dir", str(tmp_path / "traces"))
    assert "Traceback" not in err
    assert VERDICT[engine] in out, out
    assert "violated" not in out
