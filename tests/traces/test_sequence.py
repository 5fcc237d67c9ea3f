"""Sequence diagrams of a trace: Mermaid text and the self-contained HTML page."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from hintcheck.model.core import Step
from hintcheck.trace.format import Trace
from hintcheck.trace.html import html_page
from hintcheck.trace.sequence import escape, mermaid
from hintcheck.trace.view import View, view_for

CORPUS = Path(__file__).resolve().parents[2] / "traces"
FINITE = CORPUS / "reference-rfc-no_data_loss-p2-r2.json"
LASSO = CORPUS / "reference-undo-migration_converges-d0-p2-r2.json"


def _costed(trace: Trace) -> Trace:
    """The trace with the hypercall and send labels today's model gives its steps."""
    from dataclasses import replace
    costs = {"free": {"hcalls": 1}, "send": {"pages_sent": 1}}
    return replace(trace, steps=tuple(Step(s.action, s.args, costs.get(s.action, {})) for s in trace.steps))


def test_mermaid_has_a_lane_per_actor_arrows_for_hypercalls_and_the_failing_step_marked():
    trace = _costed(Trace.load(FINITE))
    text = mermaid(trace, view_for(trace)).splitlines()
    assert text[:5] == ["sequenceDiagram", "    title reference/rfc no_data_loss",
                        "    participant L_guest as guest", "    participant L_hypervisor as hypervisor",
                        "    participant L_migration as migration"]
    assert "    participant L_destination as destination" in text
    at = text.index("    L_guest->>L_guest: 2. free(page=0) [hcalls+1]")
    assert text[at + 1:at + 3] == ["    L_guest->>L_hypervisor: H_CALL x1", "    Note over L_guest: alloc=[0, 0] hint=[1, 0]"]
    assert "    L_migration->>L_destination: 1 page(s)" in text
    rect = text.index("    rect rgb(255, 220, 220)")
    assert text[rect + 1] == "      L_migration->>L_migration: 7. finish()"
    assert text[rect + 3] == "    Note over L_migration: no_data_loss fails: page 0: alloc=1, data=2, dest=0#59; phase=DONE"
    assert text[rect + 4] == "    end" and rect + 5 == len(text)


def test_mermaid_puts_a_lassos_loop_in_a_loop_block():
    trace = Trace.load(LASSO)
    text = mermaid(trace, view_for(trace)).splitlines()
    start = text.index("    loop for ever: migration_converges fails along this loop")
    inside = [line for line in text[start + 1:-1] if "->>" in line]
    assert [line.split(": ", 1)[1].split(".")[0] for line in inside] == \
        [str(k) for k in range(trace.loop + 1, len(trace.steps) + 1)]
    assert text[-1] == "    end" and "rect" not in "\n".join(text)


def test_characters_mermaid_reads_as_syntax_are_escaped():
    assert escape("a;b #1\nc") == "a#59;b #35;1 c"
    trace = Trace.load(FINITE)
    text = mermaid(trace, View(why="x; y #2"))
    assert "no_data_loss fails: x#59; y #35;2" in text and "x; y" not in text


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.refs, self.tags, self.title, self._in_title = {}, [], [], "", False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self._in_title = tag == "title"
        if tag == "tr" and a.get("id", "").startswith("step-"):
            self.rows[a["id"]] = (a.get("class") or "").split()
        self.refs += [a[k] for k in ("src", "href") if k in a]

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def test_the_html_page_has_a_row_per_step_the_violation_marked_and_nothing_fetched():
    trace = Trace.load(FINITE)
    page = html_page(trace, view_for(trace))
    parsed = _Rows()
    parsed.feed(page)
    assert parsed.title == "reference/rfc no_data_loss: violated"
    assert list(parsed.rows) == [f"step-{k}" for k in range(1, 8)]
    assert [k for k, cls in parsed.rows.items() if "violating" in cls] == ["step-7"]
    assert parsed.refs == [] and "script" not in parsed.tags
    assert "no_data_loss fails: page 0: alloc=1, data=2, dest=0; phase=DONE" in page
    assert "phase=MIGRATING" in page                              # the state after each step, by name


def test_the_html_page_marks_a_lassos_loop():
    trace = Trace.load(LASSO)
    parsed = _Rows()
    parsed.feed(html_page(trace, view_for(trace)))
    assert [k for k, cls in parsed.rows.items() if "loop" in cls] == \
        [f"step-{k}" for k in range(trace.loop + 1, len(trace.steps) + 1)]
    assert not any("violating" in cls for cls in parsed.rows.values())


def test_show_prints_each_format_and_refuses_a_bad_file(run_cli, tmp_path):
    for fmt, first in (("mermaid", "sequenceDiagram"), ("html", "<!DOCTYPE html>"), ("text", "# reference/rfc")):
        code, out, _ = run_cli("show", str(FINITE), "--format", fmt)
        assert code == 0 and out.startswith(first), fmt
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, _, err = run_cli("show", str(bad), "--format", "mermaid")
    assert code == 2 and len(err.strip().splitlines()) == 1
