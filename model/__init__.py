"""Models of guest memory hinting protocols: what happens.

`core` is the interface engines consume; each subpackage is one model family
written once. `registry` names the built-in models.
"""
