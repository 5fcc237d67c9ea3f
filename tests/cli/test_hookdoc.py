"""docs/hooks.md and `hintcheck list` show the hooks and settings the models declare."""
from __future__ import annotations

import json

from hintcheck.cli.hookdoc import DOC, generated, with_tables
from hintcheck.model.registry import load_spec, model_names


def test_docs_hooks_md_is_the_generated_tables():
    text = DOC.read_text()
    assert with_tables(text) == text, "docs/hooks.md is stale: run python -m hintcheck.cli.hookdoc"


def test_every_model_and_hook_appears_in_the_docs():
    text = generated()
    for name in model_names():
        spec = load_spec(name)
        assert f"### `{name}`" in text
        for hook in spec.hooks:
            assert f"`{hook.signature}`" in text
        for setting in spec.settings:
            assert f"| `{setting.name}` |" in text


def test_list_json_carries_hooks_and_settings(run_cli):
    code, out, _ = run_cli("list", "--json")
    assert code == 0
    rows = {r["model"]: r for r in map(json.loads, out.strip().splitlines())}
    assert set(rows) == set(model_names())
    hpt = rows["hpt"]
    assert [h["name"] for h in hpt["hooks"]] == [h.name for h in load_spec("hpt").hooks]
    assert {s["name"] for s in hpt["settings"]} == {"host", "quiesce", "wrong_pshift"}
    on_free = next(h for h in rows["pseries"]["hooks"] if h["name"] == "on_free")
    assert on_free["args"] == ["cpu", "page"] and on_free["writes"] == ["hs[page]", "pend[page]"]


def test_list_text_prints_each_hook_signature(run_cli):
    code, out, _ = run_cli("list")
    assert code == 0
    assert "on_update(m, s, e, changed, target, clash)" in out
    assert "on_shrink_failed(m, s, tried)" in out
