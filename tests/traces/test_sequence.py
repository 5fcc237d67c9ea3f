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
SHORT = CORPUS / "pseries-rfc-stable_before_use-c0-c1-h1-l0-p2-r2-s0-t0.json"    # 5 steps, a recorded hcall

# The whole diagram of SHORT: a CPU lane, values by name, the hypercall as an arrow, the failing step in red.
SHORT_MERMAID = """\
sequenceDiagram
    title pseries/rfc stable_before_use
    participant L_cpu0 as cpu0
    participant L_hypervisor as hypervisor
    participant L_migration as migration
    L_cpu0->>L_cpu0: 1. refill(cpu=0, page=0)
    Note over L_cpu0: loc=[PCP0, BUDDY]
    L_cpu0->>L_cpu0: 2. alloc(cpu=0, page=0)
    Note over L_cpu0: loc=[IN_USE, BUDDY] data=[1, 0]
    L_cpu0->>L_cpu0: 3. free(cpu=0, page=0) [hcalls+1]
    L_cpu0->>L_hypervisor: H_CALL x1
    Note over L_cpu0: loc=[PCP0, BUDDY] hs=[UNUSED, ACTIVE]
    L_cpu0->>L_cpu0: 4. alloc(cpu=0, page=0)
    Note over L_cpu0: loc=[IN_USE, BUDDY] data=[2, 0]
    rect rgb(255, 220, 220)
      L_migration->>L_migration: 5. migrate_start()
      Note over L_migration: bmap=[1, 1] phase=MIGRATING round=1
      Note over L_migration: stable_before_use fails: page 0: loc=IN_USE, hs=UNUSED#59; phase=MIGRATING
    end
"""


def _costed(trace: Trace) -> Trace:
    """The trace with the hypercall and send labels today's model gives its steps."""
    from dataclasses import replace
    costs = {"free": {"hcalls": 1}, "send": {"pages_sent": 1}}
    return replace(trace, steps=tuple(Step(s.action, s.args, costs.get(s.action, {})) for s in trace.steps))


def test_mermaid_of_a_short_corpus_trace_is_exactly_the_snapshot():
    trace = Trace.load(SHORT)
    assert mermaid(trace, view_for(trace)) == SHORT_MERMAID


def test_mermaid_has_a_lane_per_actor_arrows_for_hypercalls_and_the_failing_step_marked():
    trace = _costed(Trace.load(FINITE))
    text = mermaid(trace, view_for(trace)).splitlines()
    assert text[:5] == ["sequenceDiagram", "    title reference/rfc no_data_loss",
                        "    participant L_guest as guest", "    participant L_hypervisor as hypervisor",
                        "    participant L_migration as migration"]
    assert "    participant L_destination as destination" in text
    at = text.index("    L_guest->>L_guest: 2. free(page=0) [hcalls+1]")
    assert text[at + 1:at + 3] == ["    L_guest->>L_hypervisor: H_CALL x1",
                                   "    Note over L_guest: alloc=[0, 0] hint=[1, 0]"]
    assert "    L_migration->>L_destination: 1 page(s)" in text
    rect = text.index("    rect rgb(255, 220, 220)")
    assert text[rect + 1] == "      L_migration->>L_migration: 7. finish()"
    assert text[rect + 3] == ("      Note over L_migration: "
                              "no_data_loss fails: page 0: alloc=1, data=2, dest=0#59; phase=DONE")
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
    assert escape("a;b #1\nc <b>") == "a#59;b #35;1 c #60;b#62;"
    trace = Trace.load(FINITE)
    text = mermaid(trace, View(why="x; y #2"))
    assert "no_data_loss fails: x#59; y #35;2" in text and "x; y" not in text


VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}     # elements with no end tag


class _Rows(HTMLParser):
    """The step rows of a page (id -> classes), its title, every src/href, and a check that tags nest."""

    def __init__(self):
        super().__init__()
        self.rows, self.refs, self.tags, self.title, self._in_title = {}, [], [], "", False
        self.open, self.text = [], ""           # the elements not yet closed; all the text, as read

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag not in VOID:
            self.open.append(tag)
        self._in_title = tag == "title"
        if tag == "tr" and a.get("id", "").startswith("step-"):
            self.rows[a["id"]] = (a.get("class") or "").split()
        self.refs += [a[k] for k in ("src", "href") if k in a]

    def handle_data(self, data):
        self.text += data
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"


def test_the_html_page_has_a_row_per_step_the_violation_marked_and_nothing_fetched():
    trace = Trace.load(FINITE)
    page = html_page(trace, view_for(trace))
    parsed = _Rows()
    parsed.feed(page)
    parsed.close()
    assert parsed.open == [] and parsed.tags[:3] == ["html", "head", "meta"] and "body" in parsed.tags
    assert parsed.title == "reference/rfc no_data_loss: violated"
    assert list(parsed.rows) == [f"step-{k}" for k in range(1, 8)]
    assert [k for k, cls in parsed.rows.items() if "violating" in cls] == ["step-7"]
    assert parsed.refs == [] and "script" not in parsed.tags and "http" not in page and "@import" not in page
    assert "no_data_loss fails: page 0: alloc=1, data=2, dest=0; phase=DONE" in page
    assert "phase=MIGRATING" in page                              # the state after each step, by name


def test_the_html_page_marks_a_lassos_loop():
    trace = Trace.load(LASSO)
    parsed = _Rows()
    parsed.feed(html_page(trace, view_for(trace)))
    assert [k for k, cls in parsed.rows.items() if "loop" in cls] == \
        [f"step-{k}" for k in range(trace.loop + 1, len(trace.steps) + 1)]
    assert not any("violating" in cls for cls in parsed.rows.values())
    assert "the loop starts here" in parsed.text
    assert "for ever: migration_converges fails along this loop" in parsed.text


def test_the_html_page_escapes_every_text():
    trace = Trace.load(FINITE)
    page = html_page(trace, View(why="<script>alert(1)</script> & <marquee>"))
    parsed = _Rows()
    parsed.feed(page)
    assert "script" not in parsed.tags and "marquee" not in parsed.tags
    assert "no_data_loss fails: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;marquee&gt;" in page


def test_a_lasso_that_stays_where_nothing_is_enabled_ends_in_a_note_not_a_loop():
    from dataclasses import replace
    trace = Trace.load(LASSO)
    stays = replace(trace, loop=len(trace.steps))
    text = mermaid(stays, view_for(trace)).splitlines()
    assert text[-1] == ("    Note over L_guest: no action is enabled: the run stays here for ever#59; "
                        "migration_converges fails")
    assert not any(line.lstrip().startswith(("loop", "end", "rect")) for line in text)
    parsed = _Rows()
    parsed.feed(html_page(stays, view_for(trace)))
    assert len(parsed.rows) == len(trace.steps) and not any(cls != ["step"] for cls in parsed.rows.values())
    assert "No action is enabled: the run stays here for ever" in parsed.text


def test_show_prints_each_format_and_refuses_a_bad_file(run_cli, tmp_path):
    for fmt, first in (("mermaid", "sequenceDiagram"), ("html", "<!DOCTYPE html>"), ("text", "# reference/rfc")):
        code, out, _ = run_cli("show", str(FINITE), "--format", fmt)
        assert code == 0 and out.startswith(first), fmt
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, _, err = run_cli("show", str(bad), "--format", "mermaid")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_a_policy_files_trace_is_shown_with_the_models_names_without_running_the_file(run_cli, tmp_path):
    trace = Trace.load(CORPUS / "pseries-rfc-stable_before_use-c0-c1-h1-l0-p2-r2-s0-t0.json")
    policy = tmp_path / "mine.py"
    policy.write_text("raise SystemExit('a policy file ran')\n")
    from dataclasses import replace
    view = view_for(replace(trace, policy=f"{policy}:Mine"))
    assert view.value("loc", [2, 1]) == "[PCP0, BUDDY]" and view.why is None
