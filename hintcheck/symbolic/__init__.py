"""Z3 engines: the transition relation derived from the model's own definitions,
bounded model checking, k-induction and proofs for any number of pages."""
