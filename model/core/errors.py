"""Errors a user can cause: each carries one line that names the problem.

The CLI prints the message on stderr and exits with status 2.
"""


class HintcheckError(Exception):
    """Bad input: unknown names, out-of-domain values, broken user code."""


class ModelError(HintcheckError):
    """An unknown model, parameter or property, or a parameter out of range."""


class PolicyError(HintcheckError):
    """An unknown policy, or a user policy that is missing, broken or raises."""


class ContractBreach(PolicyError):
    """A hook or policy action returned something other than a state, or wrote a field it may not.

    Definite wherever it is found (tracing included): never a reason to fall
    back to another engine.
    """
