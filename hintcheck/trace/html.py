"""A trace as one self-contained HTML page: a sequence diagram with the state after each step.

The diagram is a table with one column per lane (`view.lanes`): each step
is a row whose actor's cell holds the event (and its hypercalls, drawn as
an arrow towards the hypervisor column, and its sent pages, towards the
destination), followed by the fields it changed and the whole state after
it, values by name. The violating step (class `violating`) or a lasso's
loop (class `loop`) is marked, with why the property fails. No script,
font or image is fetched: the page renders offline. `trace_section` is the
fragment a report embeds; `page_style` its CSS.
"""
from __future__ import annotations

import html
from typing import Any, Mapping

from hintcheck.trace.format import Trace
from hintcheck.trace.view import DESTINATION, HYPERVISOR, View, lanes

_CSS = """
section.trace { margin: 1em 0 2em; }
section.trace h3 { margin-bottom: 0.2em; }
section.trace p.meta { color: #555; margin-top: 0; }
table.sequence { border-collapse: collapse; font-family: monospace; font-size: 0.85em; }
table.sequence th { background: #eee; border: 1px solid #bbb; padding: 0.3em 0.6em; }
table.sequence td { border-left: 1px solid #ddd; border-right: 1px solid #ddd; padding: 0.25em 0.6em;
  vertical-align: top; }
table.sequence tr.step td { border-top: 1px solid #eee; }
table.sequence td.event { background: #eef4ff; font-weight: bold; }
table.sequence td.arrow { color: #06c; }
table.sequence tr.violating td { background: #fdd; }
table.sequence tr.violating td.event { background: #fbb; }
table.sequence tr.loop td { background: #fff4d6; }
table.sequence td.state { color: #444; font-size: 0.9em; border-left: 2px solid #bbb; }
table.sequence td.state b { color: #000; }
section.trace .mark { color: #b00; font-weight: bold; }
"""


def page_style() -> str:
    """The CSS a trace section needs."""
    return _CSS


def _esc(text: Any) -> str:
    return html.escape(str(text))


def _state(view: View, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """Every field of `after` by name, the ones the step changed in bold."""
    parts = []
    for name, value in after.items():
        shown = f"{_esc(name)}={_esc(view.value(name, value))}"
        parts.append(f"<b>{shown}</b>" if before.get(name) != value else shown)
    return " ".join(parts)


def _towards(source: int, target: int) -> str:
    """An arrow in the target column pointing away from the source column."""
    return "&rarr;" if source < target else "&larr;"


def _marks(trace: Trace) -> tuple[int | None, range]:
    """The violating step (finite trace) and the loop's steps (lasso)."""
    if trace.loop is None:
        return (len(trace.steps) if trace.steps else None), range(0)
    return None, range(trace.loop + 1, len(trace.steps) + 1)


def trace_section(trace: Trace, view: View = View(), prefix: str = "") -> str:
    """The trace as an HTML fragment: header, diagram with the state after each step, the failure marked.

    Parameters
    ----------
    trace : Trace
        A saved counterexample, finite (its last state fails) or a lasso.
    view : View
        Value names, actors and why the last state fails (`view_for(trace)`).
    prefix : str
        Put before each row's id, so that a page holding several traces
        (a report) has each id once: `cx-2-step-3`.

    Returns
    -------
    str
        A `<section class="trace">` whose step rows have `id="<prefix>step-N"`; the
        violating step's row has class `violating`, a lasso's loop rows class
        `loop`. It needs `page_style()` and nothing else.
    """
    cols = lanes(view, trace.steps)
    violating, loop = _marks(trace)
    params = ", ".join(f"{k}={v}" for k, v in trace.params.items())
    out = ['<section class="trace">',
           f"<h3>{_esc(trace.model)}/{_esc(trace.policy)}: {_esc(trace.property)} {_esc(trace.verdict.value)}</h3>",
           f'<p class="meta">{_esc(params)}; {len(trace.steps)} steps; engine {_esc(trace.engine)}</p>',
           '<table class="sequence"><thead><tr><th>#</th>',
           *(f"<th>{_esc(c)}</th>" for c in cols), "<th>state after the step</th></tr></thead><tbody>",
           f'<tr class="initial"><td>0</td>{"<td></td>" * len(cols)}'
           f'<td class="state">initial: {_state(view, trace.init, trace.init)}</td></tr>']
    before: Mapping[str, Any] = trace.init
    for k, (step, state) in enumerate(zip(trace.steps, trace.states), start=1):
        actor = view.actor(step)
        at = cols.index(actor)
        cells = []
        for col in cols:
            if col == actor:
                cost = "".join(f" <small>[{_esc(c)}+{n}]</small>" for c, n in step.cost.items())
                cells.append(f'<td class="event">{_esc(step)}{cost}</td>')
            elif col == HYPERVISOR and step.cost.get("hcalls"):
                cells.append(f'<td class="arrow">{_towards(at, cols.index(col))} '
                             f'H_CALL &times;{step.cost["hcalls"]}</td>')
            elif col == DESTINATION and step.cost.get("pages_sent"):
                cells.append(f'<td class="arrow">{_towards(at, cols.index(col))} {step.cost["pages_sent"]} '
                             f'page(s)</td>')
            else:
                cells.append("<td></td>")
        cls = "step violating" if k == violating else "step loop" if k in loop else "step"
        note = ""
        if k == violating:
            why = f": {_esc(view.why)}" if view.why else ""
            note = f'<br><span class="mark">{_esc(trace.property)} fails{why}</span>'
        elif loop and k == loop.start:
            note = '<br><span class="mark">the loop starts here</span>'
        out.append(f'<tr class="{cls}" id="{_esc(prefix)}step-{k}"><td>{k}</td>{"".join(cells)}'
                   f'<td class="state">{_state(view, before, state)}{note}</td></tr>')
        before = state
    out.append("</tbody></table>")
    if trace.loop is not None:
        back = "the initial state" if trace.loop == 0 else f"the state after step {trace.loop}"
        out.append(f'<p class="mark">Back to {back}, for ever: {_esc(trace.property)} fails along this loop.</p>'
                   if trace.loop < len(trace.steps) else
                   f'<p class="mark">No action is enabled: the run stays here for ever; '
                   f'{_esc(trace.property)} fails.</p>')
    out.append("</section>")
    return "\n".join(out)


def html_page(trace: Trace, view: View = View()) -> str:
    """One self-contained page for one trace."""
    title = f"{trace.model}/{trace.policy} {trace.property}: {trace.verdict.value}"
    return "\n".join(["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
                      f"<title>{_esc(title)}</title>", f"<style>{page_style()}</style></head><body>",
                      trace_section(trace, view), "</body></html>"])
