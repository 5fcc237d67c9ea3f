"""The liveness engine: the reachable graph, its fair strongly connected components, lasso counterexamples."""
