"""Parameter sweeps: `-p cpus=1,2 -p pages=1..2` runs the product, one row per point."""
from __future__ import annotations

import json

import pytest

from hintcheck.cli.options import MAX_POINTS, parse_params, parse_points
from hintcheck.model.core import HintcheckError


def test_points_are_the_product_first_parameter_slowest():
    assert parse_points(("cpus=1,2", "pages=1..2", "rounds=2")) == [
        {"cpus": 1, "pages": 1, "rounds": 2}, {"cpus": 1, "pages": 2, "rounds": 2},
        {"cpus": 2, "pages": 1, "rounds": 2}, {"cpus": 2, "pages": 2, "rounds": 2}]
    assert parse_points(("pages=1..3,2,5",)) == [{"pages": v} for v in (1, 2, 3, 5)]
    assert parse_points(()) == [{}]
    assert parse_points(("pages=1,2", "pages=1,2")) == [{"pages": 1}, {"pages": 2}]


@pytest.mark.parametrize("pairs,message", [
    (("pages=1,2", "pages=2"), "given twice: 1,2 and 2"),
    (("pages=3..1",), "empty range"),
    (("pages=1..",), "is not an integer"),
    (("pages=1,,2",), "is not an integer"),
    ((f"pages=0..{MAX_POINTS}",), "more than"),
    (("a=1..40", "b=1..40"), "sweep more than"),
])
def test_bad_sweeps_are_one_error(pairs, message):
    with pytest.raises(HintcheckError, match=message):
        parse_points(pairs)


def test_a_command_without_sweeps_refuses_one():
    assert parse_params(("pages=2",)) == {"pages": 2}
    with pytest.raises(HintcheckError, match="one value per parameter"):
        parse_params(("pages=1,2",))


def test_check_runs_one_row_per_point(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--policy", "undo", "--property", "no_data_loss",
                           "-p", "pages=1..2", "-p", "rounds=1,2", "--json", "--trace-dir", str(tmp_path))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [(r["params"]["pages"], r["params"]["rounds"]) for r in rows] == \
        [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert all(r["verdict"] == "holds" for r in rows) and rows[3]["states"] == 2756
    code, out, _ = run_cli("check", "--model", "reference", "--policy", "undo", "--property", "no_data_loss",
                           "-p", "pages=1,2", "--trace-dir", str(tmp_path))
    assert "reference/undo [pages=2] no_data_loss: holds" in out


def test_a_point_outside_the_model_is_one_error(run_cli, tmp_path):
    code, _, err = run_cli("check", "--model", "reference", "-p", "pages=7..9", "--trace-dir", str(tmp_path))
    assert code == 2 and "pages=9 outside 1..8" in err and len(err.strip().splitlines()) == 1


def test_worst_takes_no_sweep(run_cli):
    code, _, err = run_cli("worst", "--model", "hotplug", "--field", "resizes", "-p", "batches=1,2")
    assert code == 2 and "one value per parameter" in err
