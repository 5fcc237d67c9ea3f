"""The hook and setting tables of docs/hooks.md, generated from the models' declarations.

`python -m hintcheck.cli.hookdoc` rewrites the part of docs/hooks.md between
its two markers; tests/cli/test_hookdoc.py fails when the file and the
declarations differ, so the documentation cannot drift from the code.
"""
from __future__ import annotations

import sys
from pathlib import Path

from hintcheck.model.core import ModelSpec
from hintcheck.model.registry import load_spec, model_names

BEGIN = "<!-- generated from the models' HookSpec and Setting declarations: python -m hintcheck.cli.hookdoc -->"
END = "<!-- end of generated tables -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "hooks.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def model_section(spec: ModelSpec) -> list[str]:
    """One model's hooks and settings as Markdown."""
    out = [f"### `{spec.name}`", ""]
    if spec.hooks:
        out += ["| Hook | Runs in | Stands for | May write |", "|---|---|---|---|"]
        for h in spec.hooks:
            writes = ", ".join(f"`{w}`" for w in h.writes) or "nothing"
            out.append(f"| `{h.signature}` | {_cell(h.step)} | {_cell(h.counterpart)} | {writes} |")
        out.append("")
    else:
        out += ["No hooks.", ""]
    if spec.settings:
        out += ["| Setting | Type | Default | Meaning |", "|---|---|---|---|"]
        for st in spec.settings:
            kind = st.kind.__name__ + (f" ({', '.join(st.choices)})" if st.choices else "")
            out.append(f"| `{st.name}` | {kind} | `{st.default!r}` | {_cell(st.doc)} |")
        out.append("")
    out.append(f"Shipped policies: {', '.join(f'`{p}`' for p in spec.policies)}.")
    out.append("")
    return out


def generated() -> str:
    """The generated part of docs/hooks.md, markers included."""
    lines = [BEGIN, ""]
    for name in model_names():
        lines += model_section(load_spec(name))
    lines.append(END)
    return "\n".join(lines)


def with_tables(text: str) -> str:
    """`text` (docs/hooks.md) with its generated part replaced by the current one."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{DOC}: the generated-tables markers are missing")
    return text[:start] + generated() + text[end + len(END):]


def main() -> int:
    DOC.write_text(with_tables(DOC.read_text()))
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
