"""Properties of the models: what must hold. They read states, never mutate them.

`suites/*.toml` name model configurations, policies, properties and the
expected verdict of each; the default suite is every file there.
"""
