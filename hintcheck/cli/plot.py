"""Cost against benefit per design, drawn with matplotlib (`compare --plot`, `report`).

One point per design: x is the mean of the model's first "cost" measure
(hypercalls per allocator operation), y the mean of its first "benefit"
measure (pages a migration skipped). A model without a benefit measure
gets a bar per design and cost measure instead.
"""
from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")                     # no display: files only
import matplotlib.pyplot as plt          # noqa: E402 -- after choosing the backend

from hintcheck.model.core import HintcheckError  # noqa: E402
from hintcheck.trace.save import write_new  # noqa: E402

FORMATS = (".svg", ".png")


def plot_path(path: str) -> Path:
    """A new plot file's path: .svg or .png, in an existing folder, not an existing file."""
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise HintcheckError(f"--plot {path}: the file must end in .svg or .png")
    if out.exists():
        raise HintcheckError(f"--plot {path}: the file exists; choose a new name (nothing is overwritten)")
    if not out.parent.is_dir():
        raise HintcheckError(f"--plot {path}: folder {out.parent} does not exist")
    return out


def _mean(row: dict[str, Any], role: str) -> tuple[str, float] | None:
    for fig in row["figures"]:
        if fig["role"] == role and fig["mean"] is not None:
            return fig["measure"], float(fig["mean"])
    return None


def _label(row: dict[str, Any]) -> str:
    """The design's name, and how many properties it violates."""
    bad = sum(1 for p in row["properties"].values() if p["verdict"] == "violated")
    return f"{row['policy']} (violates {bad})" if bad else row["policy"]


def draw(rows: list[dict[str, Any]], title: str) -> Any:
    """The figure for compare rows (design_row): cost against benefit, or cost bars."""
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    points = [(_label(r), _mean(r, "cost"), _mean(r, "benefit")) for r in rows]
    if points and all(c is not None and b is not None for _, c, b in points):
        for policy, c, b in points:
            assert c is not None and b is not None
            ax.scatter([c[1]], [b[1]])
            ax.annotate(policy, (c[1], b[1]), textcoords="offset points", xytext=(5, 5))
        ax.set_xlabel(f"{points[0][1][0]} (mean, cost)" if points[0][1] else "cost")
        ax.set_ylabel(f"{points[0][2][0]} (mean, benefit)" if points[0][2] else "benefit")
    else:
        names = sorted({f["measure"] for r in rows for f in r["figures"] if f["mean"] is not None})
        width = 0.8 / max(1, len(names))
        for k, name in enumerate(names):
            values = [next((f["mean"] or 0.0 for f in r["figures"] if f["measure"] == name), 0.0) for r in rows]
            ax.bar([i + k * width for i in range(len(rows))], values, width, label=name)
        ax.set_xticks([i + width * (len(names) - 1) / 2 for i in range(len(rows))],
                      [_label(r) for r in rows], rotation=20)
        ax.set_ylabel("mean per sample")
        if names:
            ax.legend(fontsize="small")
    ax.set_title("\n".join(textwrap.wrap(title, 70)), fontsize="small")
    fig.tight_layout()
    return fig


def save_plot(rows: list[dict[str, Any]], title: str, out: Path) -> None:
    """Draw and write the figure as a new file, whole or not at all (`trace.save.write_new`)."""
    figure = draw(rows, title)
    buf = io.BytesIO()
    try:
        figure.savefig(buf, format=out.suffix[1:].lower())
    finally:
        plt.close(figure)
    try:
        written = write_new(out, buf.getvalue())
    except OSError as exc:
        raise HintcheckError(f"--plot {out}: cannot write ({exc.strerror or exc})") from None
    if not written:
        raise HintcheckError(f"--plot {out}: the file exists; choose a new name (nothing is overwritten)")
