"""hintcheck compare: one row per design with verdicts, states, cost figures and trace files."""
from __future__ import annotations

import csv
import io
import json

ARGS = ("compare", "--model", "reference", "-p", "pages=1", "--all-paths", "--depth", "3")


def test_the_comparison_table_holds_each_designs_verdicts_and_figures(run_cli, tmp_path):
    code, out, _ = run_cli(*ARGS, "--trace-dir", str(tmp_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "reference (pages=1 rounds=2 dirty_bound=1); costs over all 14 paths of up to 3 steps"
    assert [line.split() for line in lines[1:5]] == [
        ["design", "P1", "P2", "P3", "states", "M1", "M2", "M3", "M4"],
        ["rfc", "viol", "6", "ok", "ok", "128", "0.28/1", "1.00/1", "1.00/1", "0.00/0"],
        ["undo", "ok", "ok", "ok", "90", "1.00/1", "1.00/1", "1.00/1", "0.00/0"],
        ["lazy", "viol", "6", "ok", "ok", "174", "0.48/2", "1.00/1", "1.00/1", "0.00/0"]]
    assert "P1 no_data_loss" in lines and "M1 hypercalls per allocator operation: mean/worst per sample (cost)" in lines
    saved = tmp_path / "reference-rfc-no_data_loss-d1-p1-r2.json"
    assert f"  rfc no_data_loss: {saved.resolve()}" in lines and saved.exists()


def test_json_and_csv_carry_the_same_figures(run_cli, tmp_path):
    code, out, _ = run_cli(*ARGS, "--policy", "rfc", "--policy", "undo", "--trace-dir", str(tmp_path), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["policy"] for r in rows] == ["rfc", "undo"]
    assert rows[0]["command"] == "compare" and rows[0]["properties"]["no_data_loss"]["verdict"] == "violated"
    ops = {f["measure"]: f for f in rows[0]["figures"]}["hypercalls per allocator operation"]
    assert (ops["samples"], ops["worst"], ops["mean"]) == (18, 1, round(5 / 18, 6))
    code, out, _ = run_cli(*ARGS, "--policy", "rfc", "--policy", "undo", "--trace-dir", str(tmp_path / "b"), "--csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["policy"] for r in table] == ["rfc", "undo"]
    assert table[1]["no_data_loss verdict"] == "holds" and table[1]["no_data_loss trace"] == ""
    assert table[0]["hypercalls per allocator operation mean"] == str(round(5 / 18, 6))


def test_plot_draws_a_new_file_and_refuses_to_overwrite(run_cli, tmp_path):
    plot = tmp_path / "designs.svg"
    code, out, _ = run_cli(*ARGS, "--trace-dir", str(tmp_path / "t"), "--plot", str(plot))
    assert code == 0 and f"plot saved: {plot.resolve()}" in out
    svg = plot.read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    before = plot.read_bytes()
    code, _, err = run_cli(*ARGS, "--trace-dir", str(tmp_path / "t2"), "--plot", str(plot))
    assert code == 2 and "exists" in err and plot.read_bytes() == before
    assert not (tmp_path / "t2").exists()            # refused before anything ran


def test_bad_options_are_one_line_and_exit_2(run_cli, tmp_path):
    for extra, words in ((("--plot", str(tmp_path / "x.pdf")), ".svg or .png"),
                         (("--csv", "--json"), "choose one"),
                         (("--policy", "nonesuch"), "unknown policy")):
        code, _, err = run_cli(*ARGS, "--trace-dir", str(tmp_path), *extra)
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1, (extra, err)
