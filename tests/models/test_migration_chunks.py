"""Dirty-log clear chunks: a send clears the fetched KVM bits of its own chunk only."""
from __future__ import annotations

import re

from hintcheck.model.registry import load_spec


def _after_sync(chunks):
    """pseries, lazy clearing, both pages dirty in KVM's log and fetched by a sync, both to send."""
    m = load_spec("pseries").build("undo", {"pages": 2, "lazy_clear": 1, "chunks": chunks})
    s = m.init().set(phase=1, round=2, kd=(1, 1), fetched=(1, 1), bmap=(1, 1))
    return m, s


def test_with_one_chunk_a_send_clears_every_fetched_bit():
    m, s = _after_sync(1)
    t = m.action_named("send").effect(m, s, 0)
    assert (t.kd, t.fetched, t.bmap) == ((0, 0), (0, 0), (0, 1))


def test_with_two_chunks_a_send_clears_its_own_chunk_only():
    m, s = _after_sync(2)
    t = m.action_named("send").effect(m, s, 0)
    assert (t.kd, t.fetched, t.bmap) == ((0, 1), (0, 1), (0, 1))
    u = m.action_named("send").effect(m, t, 1)
    assert (u.kd, u.fetched, u.bmap) == ((0, 0), (0, 0), (0, 0))


def test_a_bit_logged_after_the_fetch_survives_the_clear():
    m, s = _after_sync(2)
    s = s.set(fetched=(0, 1))                    # page 0's bit was set after the sync fetched the log
    t = m.action_named("send").effect(m, s, 0)
    assert t.kd == (1, 1)                        # nothing fetched in chunk 0: nothing cleared


def test_symmetry_is_refused_where_chunks_tell_pages_apart(run_cli, tmp_path):
    # three pages in two chunks ({0, 2} and {1}): swapping pages 0 and 1 is no symmetry
    code, _, err = run_cli("check", "--model", "pseries", "--policy", "undo", "-p", "pages=3", "-p", "lazy_clear=1",
                           "-p", "chunks=2", "--property", "no_data_loss_stable", "--symmetry",
                           "--trace-dir", str(tmp_path))
    assert code == 2 and "pages are not interchangeable" in err
    assert re.search(r"phase=(IDLE|MIGRATING|DONE) ", err) and re.search(r"loc=\[(IN_USE|BUDDY|PCP0)", err)
