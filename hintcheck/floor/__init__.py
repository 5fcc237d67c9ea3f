"""The floor every engine stands on, once.

- `interpret`: guards, effects and properties on concrete states;
- `packing`: states as mixed-radix integers (`Packer`);
- `graph`, `lower`: the model traced once into one expression graph
  (`lowered(model)`), which the compiled-Python (`source`), numpy and Z3
  backends translate;
- `symmetry`: the canonical form from the one symmetry definition;
- `paths`: counterexample paths made concrete;
- `result`: `Result`, `Verdict`, `Stats`, `Budget`, progress, exit codes;
- `engine`: the engine interface (`Request` in, `Result` out).

Engines import this package and never each other (tests/unit/test_layering.py).
"""
from hintcheck.floor.engine import FAMILIES, Engine, Family, Request
from hintcheck.floor.graph import Graph, Node, NotLowerable
from hintcheck.floor.lower import Lowered, lowered
from hintcheck.floor.packing import Packer
from hintcheck.floor.paths import concrete_path, initial_for
from hintcheck.floor.result import (EXIT_BOUNDED, EXIT_OK, EXIT_USAGE, EXIT_VIOLATED, Budget, Progress,
                                    Result, Stats, Verdict, exit_code, peak_rss)
from hintcheck.floor.symmetry import Symmetry

__all__ = [
    "EXIT_BOUNDED", "EXIT_OK", "EXIT_USAGE", "EXIT_VIOLATED", "FAMILIES", "Budget", "Engine", "Family",
    "Graph", "Lowered", "Node", "NotLowerable", "Packer", "Progress", "Request", "Result", "Stats",
    "Symmetry", "Verdict", "concrete_path", "exit_code", "initial_for", "lowered", "peak_rss",
]
