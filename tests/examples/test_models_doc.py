"""docs/models.md and its worked example, examples/models/report_queue.py: what the page says is what runs.

(a) Every engine on the example gives the verdict the page states: exact
state counts for the exhaustive holds (5 ** N states, C(N + 4, 4) orbits),
violated in 3 steps for `keep`, `proved` for `unreport` with the lemma and
for every number of pages. (b) Every `$ hintcheck ...` line in the page's
code blocks that names the example runs with the path resolved, exits with
the status the page gives and prints the verdict lines shown; the replay,
refusal, Python and TOML blocks run too, and the pieces of the file shown
are the file's.
"""
from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
from math import comb
from pathlib import Path

import pytest

import hintcheck

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "models.md"
EXAMPLE_REL = "examples/models/report_queue.py"
EXAMPLE = ROOT / EXAMPLE_REL
SPEC = f"{EXAMPLE}:SPEC"
LEMMA = "for every page p: used[p] == 0 or reported[p] == 0"


def _blocks(lang: str) -> list[str]:
    """The fenced code blocks of the page in `lang` ("" for untagged)."""
    return [body for tag, body in re.findall(r"^```(\w*)\n(.*?)^```", DOC.read_text(), re.M | re.S) if tag == lang]


def _transcripts() -> list[tuple[str, list[str], int | None]]:
    """(command, output lines shown, exit status shown) for every `$ hintcheck` line of the page."""
    out: list[tuple[str, list[str], int | None]] = []
    for body in _blocks(""):
        for chunk in re.split(r"^(?=\$ )", body, flags=re.M):
            if not chunk.startswith("$ hintcheck "):
                continue
            first, *rest = chunk.rstrip("\n").split("\n")
            status = [int(m.group(1)) for m in (re.fullmatch(r"\(exit (\d+)\)", x) for x in rest) if m]
            shown = [x for x in rest if x.strip() and x != "..." and not re.fullmatch(r"\(exit \d+\)", x)]
            out.append((first[2:], shown, status[0] if len(status) == 1 else None))
    return out


TRANSCRIPTS = _transcripts()
EXAMPLE_RUNS = [t for t in TRANSCRIPTS if EXAMPLE_REL in t[0]]


def _norm(text: str) -> str:
    """Whitespace collapsed (rich wraps long lines); sampled counts and Z3's choice of state blanked."""
    text = re.sub(r"\d+ (examples|distinct states)", r"N \1", text)
    text = re.sub(r"page=\d+", "page=N", text)
    text = re.sub(r"\[[\d, ]*\]", "[..]", text)
    return " ".join(text.split())


def _args(command: str, tmp_path: Path, **paths: str) -> list[str]:
    args = shlex.split(command)[1:]
    for rel, real in {EXAMPLE_REL: str(EXAMPLE), **paths}.items():
        args = [a.replace(rel, real) for a in args]
    if args[0] in ("check", "fuzz", "prove"):
        args += ["--trace-dir", str(tmp_path / "tr")]
    return args


def _assert_shown(shown: list[str], out: str, err: str, replace: dict[str, str]) -> None:
    printed = out + err
    for real, rel in replace.items():
        printed = printed.replace(real, rel)
    for line in shown:
        assert _norm(line) in _norm(printed), f"the page shows {line!r}; the run printed:\n{printed}"


def _rows(out: str) -> dict[tuple[str, str], dict]:
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {(r["policy"], r["property"]): r for r in rows}


def _json(run_cli, tmp_path, *args):
    code, out, err = run_cli(*args, "--model", SPEC, "--json", "--trace-dir", str(tmp_path / "tr"))
    assert "Traceback" not in err, err
    return code, _rows(out)


# (a) every engine on the example -------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["explore", "vector"])
@pytest.mark.parametrize("symmetry", [False, True])
def test_the_exhaustive_engines_find_the_bug_and_exhaust_the_fix(run_cli, tmp_path, engine, symmetry):
    code, rows = _json(run_cli, tmp_path, "check", "--engine", engine, *(["--symmetry"] if symmetry else []))
    assert code == 1 and set(rows) == {(p, q) for p in ("keep", "unreport") for q in ("no_data_loss", "no_deadlock")}
    bad = rows["keep", "no_data_loss"]
    assert (bad["verdict"], bad["trace_length"], bad["engine"], bad["symmetry"]) == ("violated", 3, engine, symmetry)
    counts = {"keep": 84, "unreport": 35} if symmetry else {"keep": 343, "unreport": 125}
    for (policy, prop), row in rows.items():
        if (policy, prop) != ("keep", "no_data_loss"):
            assert (row["verdict"], row["states"], row["depth"]) == ("holds", counts[policy], 9), row


@pytest.mark.parametrize("symmetry", [False, True])
def test_the_fixed_design_holds_over_a_sweep_of_pages(run_cli, tmp_path, symmetry):
    top = 6 if symmetry else 5
    code, out, _ = run_cli("check", "--model", SPEC, "--policy", "unreport", "--property", "no_data_loss",
                           "-p", f"pages=1..{top}", *(["--symmetry"] if symmetry else []), "--json",
                           "--trace-dir", str(tmp_path / "tr"))
    got = {r["params"]["pages"]: (r["verdict"], r["states"]) for r in map(json.loads, out.splitlines())}
    want = {n: ("holds", comb(n + 4, 4) if symmetry else 5 ** n) for n in range(1, top + 1)}
    assert code == 0 and got == want


def test_hypothesis_finds_the_bug_and_not_in_the_fix(run_cli, tmp_path):
    code, rows = _json(run_cli, tmp_path, "fuzz", "--policy", "keep", "--property", "no_data_loss",
                       "--examples", "100")
    row = rows["keep", "no_data_loss"]
    assert code == 1 and (row["verdict"], row["trace_length"], row["engine"]) == ("violated", 3, "hypothesis")
    code, rows = _json(run_cli, tmp_path, "fuzz", "--policy", "unreport", "--property", "no_data_loss",
                       "--examples", "100")
    assert code == 3 and rows["unreport", "no_data_loss"]["verdict"] == "no violation found"


def test_bounded_model_checking_gives_the_shortest_trace_and_a_bound(run_cli, tmp_path):
    code, rows = _json(run_cli, tmp_path, "prove", "--bmc-only")
    bad, good = rows["keep", "no_data_loss"], rows["unreport", "no_data_loss"]
    assert code == 1 and (bad["verdict"], bad["trace_length"], bad["engine"]) == ("violated", 3, "z3-bmc")
    assert (good["verdict"], good["depth"], good["engine"]) == ("bounded", 10, "z3-bmc")


def test_k_induction_needs_the_lemma_and_proves_with_it(run_cli, tmp_path):
    code, rows = _json(run_cli, tmp_path, "prove", "--policy", "unreport")
    row = rows["unreport", "no_data_loss"]
    assert code == 3 and (row["verdict"], row["engine"]) == ("unknown", "z3-induction")
    assert "not 1-inductive: no_data_loss fails after discard" in row["summary"]
    code, rows = _json(run_cli, tmp_path, "prove", "--policy", "unreport", "--lemma", "in_use_not_reported")
    row = rows["unreport", "no_data_loss"]
    assert code == 0 and (row["verdict"], row["engine"]) == ("proved", "z3-induction")
    assert row["summary"] == "proved: 1-inductive with lemmas [in_use_not_reported] for pages=3"


def test_the_fix_is_proved_for_every_number_of_pages_and_the_bug_is_not(run_cli, tmp_path):
    code, rows = _json(run_cli, tmp_path, "prove", "--unbounded")
    bad, good = rows["keep", "no_data_loss"], rows["unreport", "no_data_loss"]
    assert code == 1 and (bad["verdict"], bad["trace_length"]) == ("violated", 3)
    assert (good["verdict"], good["engine"], good["lemmas"]) == ("proved", "z3-any-n", [LEMMA])
    assert "for every number of pages" in good["summary"]
    code, rows = _json(run_cli, tmp_path, "prove", "--unbounded", "--policy", "keep", "--depth", "0")
    assert code == 3 and rows["keep", "no_data_loss"]["verdict"] == "unknown"


def test_the_counterexample_replays_as_the_page_shows(run_cli, tmp_path):
    traces = tmp_path / "tr"
    code, _, _ = run_cli("check", "--model", SPEC, "--policy", "keep", "--property", "no_data_loss",
                         "--trace-dir", str(traces))
    saved = traces / "report_queue-keep-no_data_loss-p3.json"
    assert code == 1 and [p.name for p in traces.iterdir()] == [saved.name]
    recorded = json.loads(saved.read_text())
    assert recorded["model"] == SPEC
    assert recorded["model_sha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    (_, shown, status), = [t for t in TRANSCRIPTS if t[0].startswith("hintcheck replay ")]
    code, out, err = run_cli("replay", str(saved))
    assert code == status == 1, (out, err)
    steps = [x for x in shown if re.match(r"\s+\d+ ", x)]
    assert len(steps) == 3 and [x for x in out.splitlines() if re.match(r"\s+\d+ ", x)] == steps
    assert shown[-1] in out
    code, _, err = run_cli("replay", str(saved), "--policy", "unreport")
    assert code == 2 and "step 3 discard(page=0): not enabled in the state before it" in err


def test_a_changed_model_file_is_not_replayed(run_cli, tmp_path):
    copy = tmp_path / "report_queue.py"
    shutil.copy(EXAMPLE, copy)
    traces = tmp_path / "tr"
    assert run_cli("check", "--model", f"{copy}:SPEC", "--policy", "keep", "--trace-dir", str(traces))[0] == 1
    (saved,) = traces.iterdir()
    assert run_cli("replay", str(saved))[0] == 1
    with copy.open("a") as f:
        f.write("# edited\n")
    code, _, err = run_cli("replay", str(saved))
    (line,) = [x for b in _blocks("") for x in b.splitlines() if "has changed since the trace was recorded" in x]
    doc = re.sub(r"SHA-256 \w+\.\.\., recorded \w+\.\.\.", "SHA", line.replace(EXAMPLE_REL, str(copy)))
    assert code == 2 and re.sub(r"SHA-256 \w+\.\.\., recorded \w+\.\.\.", "SHA", err.strip()) == doc, err
    assert run_cli("replay", str(saved), "--model", f"{copy}:SPEC")[0] == 1


MISTAKES = {
    "--engine vector": ("guard=lambda m, s, page: And(s.used[page] == 0, s.reported[page] == 0))",
                        "guard=lambda m, s, page: s.used[page] == 0 and s.reported[page] == 0)"),
    "--symmetry": ("return s.set(reported=put(s.reported, page, 1))",
                   "return s.set(reported=put(s.reported, page, 1), last=page)"),
}


@pytest.mark.parametrize("flag", list(MISTAKES))
def test_the_mistakes_the_page_shows_are_refused_as_shown(run_cli, tmp_path, flag):
    text = EXAMPLE.read_text()
    old, new = MISTAKES[flag]
    assert old in text
    text = text.replace(old, new)
    if flag == "--symmetry":
        text = text.replace("invariant, per_index, put)", "invariant, per_index, put, scalar)")
        data = next(x for x in text.splitlines(keepends=True) if x.startswith("    data: "))
        text = text.replace(data, data + "    last: Any = scalar(Domain.upto(\"pages\"))\n")
    copy = tmp_path / "my_queue.py"
    copy.write_text(text)
    (command, shown, status), = [t for t in TRANSCRIPTS if "my_queue.py" in t[0] and flag in t[0]]
    code, out, err = run_cli(*_args(command, tmp_path, **{"my_queue.py": str(copy)}))
    assert code == status == 2 and len(err.strip().splitlines()) == 1, (out, err)
    assert err.strip().replace(str(copy), "my_queue.py") == shown[0].strip()


# (b) the page itself ---------------------------------------------------------------------------------------------


def test_the_page_runs_every_engine_on_the_example():
    assert all(status is not None for _, _, status in TRANSCRIPTS), [c for c, _, s in TRANSCRIPTS if s is None]
    proof = ("--bmc-only", "--unbounded")
    engines = {"explore": lambda c: c.startswith("hintcheck check ") and "--engine explore" in c,
               "vector": lambda c: c.startswith("hintcheck check ") and "--engine vector" in c,
               "symmetry": lambda c: c.startswith("hintcheck check ") and "--symmetry" in c,
               "hypothesis": lambda c: c.startswith("hintcheck fuzz "),
               "z3-bmc": lambda c: c.startswith("hintcheck prove ") and "--bmc-only" in c,
               "z3-induction": lambda c: c.startswith("hintcheck prove ") and not any(f in c for f in proof),
               "z3-any-n": lambda c: c.startswith("hintcheck prove ") and "--unbounded" in c}
    for engine, chosen in engines.items():
        runs = [(c, shown) for c, shown, _ in EXAMPLE_RUNS if chosen(c)]
        assert runs, engine
        verdicts = " ".join(line for _, shown in runs for line in shown)
        assert "report_queue/keep no_data_loss: violated" in verdicts, engine
        assert re.search(r"report_queue/unreport (\[pages=\d\] )?no_data_loss: (holds|no violation|proved)", verdicts)
    assert {s for _, _, s in EXAMPLE_RUNS} == {0, 1, 3}


@pytest.mark.parametrize("command,shown,status", EXAMPLE_RUNS, ids=[f"{i}-{c.split()[1]}" for i, (c, _, _)
                                                                    in enumerate(EXAMPLE_RUNS)])
def test_every_command_of_the_page_exits_and_prints_as_shown(run_cli, tmp_path, command, shown, status):
    code, out, err = run_cli(*_args(command, tmp_path))
    assert code == status, (command, code, out, err)
    _assert_shown(shown, out, err, {str(EXAMPLE): EXAMPLE_REL})


def test_the_pieces_of_the_file_shown_are_the_file():
    text = EXAMPLE.read_text()
    pieces = [b for b in _blocks("python") if not b.startswith("import hintcheck")]
    assert len(pieces) >= 6 and all(b in text for b in pieces), [b[:60] for b in pieces if b not in text]
    (lines,) = re.findall(r"The whole file is (\d+) lines", DOC.read_text())
    assert int(lines) == len(text.splitlines()) <= 120


def test_the_python_block_runs(monkeypatch):
    (block,) = [b for b in _blocks("python") if b.startswith("import hintcheck")]
    assert EXAMPLE_REL in block
    exec(compile(block.replace(EXAMPLE_REL, str(EXAMPLE)), "docs/models.md", "exec"), {"hintcheck": hintcheck})


def test_the_suite_block_gets_what_it_expects(run_cli, tmp_path):
    (block,) = _blocks("toml")
    shutil.copy(EXAMPLE, tmp_path / "report_queue.py")
    suite = tmp_path / "report_queue.toml"
    suite.write_text(block)
    code, out, err = run_cli("check", str(suite), "--json", "--trace-dir", str(tmp_path / "tr"))
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [(r["policy"], r["verdict"]) for r in rows] == [("keep", "violated"), ("unreport", "holds")]
    code, out, err = run_cli("prove", str(suite), "--json", "--trace-dir", str(tmp_path / "tr"))
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [(r["policy"], r["verdict"]) for r in rows] == [("unreport", "proved")], (out, err)
