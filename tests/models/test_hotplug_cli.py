"""`hintcheck worst` prints the resize-count table; bad input is one line and exit 2."""


def test_worst_prints_one_row_per_policy(run_cli):
    code, out, err = run_cli("worst", "--model", "hotplug", "--field", "resizes",
                             "-p", "batches=1", "--where", "kind=ADD")
    assert code == 0, err
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()[1:]}
    assert rows == {"per-lmb-hysteresis": "8", "no-shrink-on-add": "0", "batched": "0", "gibson": "1"}


def test_worst_rejects_an_unknown_field(run_cli):
    code, out, err = run_cli("worst", "--model", "hotplug", "--field", "nope")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "no scalar field 'nope'" in err


def test_worst_rejects_a_value_outside_the_domain(run_cli):
    code, _, err = run_cli("worst", "--model", "hotplug", "--field", "resizes", "--where", "kind=SIDEWAYS")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "SIDEWAYS" in err
