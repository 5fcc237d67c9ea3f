"""hintcheck report: a suite run as one self-contained page, in a new folder only."""
from __future__ import annotations

from html.parser import HTMLParser

from tests.cli.test_text_output import SUITE    # undo holds, rfc violates, a wrong expectation for lazy


class _Page(HTMLParser):
    """What a test needs of the page: ids, classes, references to elsewhere, text."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.classes: list[str] = []
        self.refs: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        self.ids += [a["id"]] if "id" in a else []
        self.classes += (a.get("class") or "").split()
        self.refs += [a[k] for k in ("src", "href") if k in a and not a[k].startswith("#")]

    def handle_data(self, data):
        self.text.append(data)


def make_report(run_cli, tmp_path, *extra):
    suite = tmp_path / "s.toml"
    suite.write_text(SUITE)
    out = tmp_path / "report"
    code, stdout, err = run_cli("report", str(suite), "--out", str(out), "--walks", "20", *extra)
    return code, stdout, err, out


def test_the_report_holds_verdicts_comparison_and_every_counterexample(run_cli, tmp_path):
    code, out, _, folder = make_report(run_cli, tmp_path)
    assert code == 1                                              # the wrong expectation is reported
    assert "2 as expected (1 expected violations), 1 unexpected" in out
    index = folder / "index.html"
    assert f"report saved: {index.resolve()}" in out
    page = _Page()
    page.feed(index.read_text())
    text = " ".join(page.text)
    assert page.refs == [] and "script" not in page.tags        # self-contained: nothing fetched, no script
    assert page.ids.count("cx-2") == 1 and page.ids.count("cx-3") == 1 and "cx-1" not in page.ids
    assert len(page.ids) == len(set(page.ids)) and "cx-2-step-6" in page.ids      # every id once
    assert page.classes.count("unexpected") == 1 and "UNEXPECTED" in text
    assert "compare-reference" in page.ids and "svg" in page.tags      # the designs compared, with the plot
    assert "no_data_loss fails: page 0: alloc=1, data=2, dest=0; phase=DONE" in text
    assert sorted(p.name for p in (folder / "traces").iterdir()) == [
        "reference-lazy-no_data_loss-d1-p1-r2.json", "reference-rfc-no_data_loss-d1-p1-r2.json"]


def test_the_report_never_writes_into_a_folder_with_something_in_it(run_cli, tmp_path):
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    suite = tmp_path / "s.toml"
    suite.write_text(SUITE)
    code, _, err = run_cli("report", str(suite), "--out", str(folder))
    assert code == 2 and "not empty" in err and len(err.strip().splitlines()) == 1
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_a_bad_suite_is_refused_before_a_folder_is_made(run_cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[entry]]\nmodel = 3\n")
    code, _, err = run_cli("report", str(bad), "--out", str(tmp_path / "r"))
    assert code == 2 and not (tmp_path / "r").exists() and "Traceback" not in err
