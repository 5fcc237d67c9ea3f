"""hintcheck: a model checker for guest memory hinting protocols."""

__version__ = "0.1.0"
