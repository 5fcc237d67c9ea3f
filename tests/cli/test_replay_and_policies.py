"""Traces round-trip through the CLI; user policies load from a file and are guarded."""
import json
import textwrap


UNDO = textwrap.dedent('''
    from hintcheck.model.core import put

    class MyUndo:
        """Set the page stable inside alloc, before first use."""

        def on_alloc(self, m, s, page):
            return s.set(hint=put(s.hint, page, 0))
''')


def test_check_then_replay_gives_the_same_verdict(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "--policy", "lazy", "-p", "pages=2",
                           "--trace-dir", str(tmp_path), "--json")
    trace = json.loads(out)["trace"]
    code2, out2, _ = run_cli("replay", trace, "--json")
    replayed = json.loads(out2)
    assert (code, code2) == (1, 1)
    assert replayed["verdict"] == "violated" and replayed["same_verdict"] and replayed["violated_at"] == 7


def test_replay_prints_the_steps_like_a_log(run_cli, tmp_path):
    run_cli("check", "--model", "reference", "--policy", "rfc", "-p", "pages=1", "--trace-dir", str(tmp_path))
    code, out, _ = run_cli("replay", str(tmp_path / "reference-rfc-no_data_loss-d1-p1-r2.json"))
    assert "   2  guest      free(page=0)" in out and "hint=[1]" in out
    assert "no_data_loss violated at step 6 (same as recorded)" in out


def test_user_policy_from_a_file_matches_the_shipped_one(run_cli, tmp_path):
    (tmp_path / "mine.py").write_text(UNDO)
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "--policy", f"{tmp_path}/mine.py:MyUndo",
                           "-p", "pages=2", "--json", "--trace-dir", str(tmp_path))
    row = json.loads(out)
    assert code == 0 and row["verdict"] == "holds" and row["states"] == 2756


def test_user_policy_trace_replays_with_the_file(run_cli, tmp_path):
    (tmp_path / "rfc.py").write_text("class NoUndo:\n    pass\n")
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "--policy", f"{tmp_path}/rfc.py:NoUndo",
                           "-p", "pages=1", "--json", "--trace-dir", str(tmp_path))
    row = json.loads(out)
    assert code == 1 and row["trace_length"] == 6
    code2, out2, _ = run_cli("replay", row["trace"], "--json")
    assert code2 == 1 and json.loads(out2)["same_verdict"]


def _policy_error(run_cli, tmp_path, body, cls="P"):
    (tmp_path / "p.py").write_text(body)
    return run_cli("check", "--model", "reference", "--policy", f"{tmp_path}/p.py:{cls}", "--trace-dir",
                   str(tmp_path))


def test_policy_hook_that_raises_names_the_hook_and_the_step(run_cli, tmp_path):
    code, _, err = _policy_error(run_cli, tmp_path, "class P:\n    def on_alloc(self, m, s, page):\n        raise ValueError('boom')\n")
    assert code == 2
    assert "hook on_alloc raised ValueError: boom in step alloc(page=0)" in err
    assert len(err.strip().splitlines()) == 1


def test_misspelt_hook_is_rejected_with_the_known_names(run_cli, tmp_path):
    code, _, err = _policy_error(run_cli, tmp_path, "class P:\n    def on_aloc(self, m, s, page):\n        return s\n")
    assert code == 2 and "unknown attribute 'on_aloc'; hooks: on_alloc" in err


def test_policy_file_problems_are_one_line_each(run_cli, tmp_path):
    code, _, err = run_cli("check", "--model", "reference", "--policy", f"{tmp_path}/missing.py:P")
    assert code == 2 and "not found" in err
    code, _, err = _policy_error(run_cli, tmp_path, "class P(:\n")
    assert code == 2 and "failed to import: SyntaxError" in err
    code, _, err = _policy_error(run_cli, tmp_path, "class P:\n    pass\n", cls="Q")
    assert code == 2 and "has no class Q" in err


def test_a_trace_replayed_against_the_fix_re_runs_its_steps_and_no_longer_violates(run_cli, tmp_path):
    run_cli("check", "--model", "reference", "--policy", "rfc", "-p", "pages=1", "--property", "no_data_loss",
            "--trace-dir", str(tmp_path))
    (trace,) = tmp_path.glob("*.json")
    code, out, _ = run_cli("replay", str(trace), "--policy", "undo", "--json")
    row = json.loads(out)
    assert code == 0 and row["verdict"] == "no violation found" and row["steps"] == 6
    code, out, _ = run_cli("replay", str(trace), "--policy", "rfc", "--json")
    assert code == 1 and json.loads(out)["violated_at"] == 6
